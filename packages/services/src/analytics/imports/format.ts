/**
 * The two import formats (issue 13 item 2), as pure functions: the header check and the validation of one
 * row. CSV files and REST bodies share them, so a row means the same whichever way it came in. Rows are
 * returned already normalised (currency upper case, dates as Date) and still carry the clear recipient:
 * hashing needs the organization's salt and happens when rows are written (write.ts).
 */

/** Distinct errors kept per import: enough to fix a file, small enough to store and show. */
export const IMPORT_MAX_ERRORS = 100;
/** Rows of one REST call: a bigger set goes through the CSV upload (streamed, run by the worker). */
export const IMPORT_MAX_API_ROWS = 10_000;
/** Longest text cell: ids, campaign and source names are short; a longer one is a shifted column. */
export const IMPORT_MAX_CELL_CHARS = 500;
/** Largest conversion value, major units: past it a value is a typo (cents in a major-unit column…). */
export const IMPORT_MAX_VALUE = 1e9;

export type ImportKind = "metadata" | "conversions";
export const IMPORT_KINDS = ["metadata", "conversions"] as const satisfies readonly ImportKind[];

export const METADATA_COLUMNS = ["message_id", "recipient", "campaign", "variant", "acquisition_source", "signup_date"] as const;
export const CONVERSION_COLUMNS = ["external_id", "recipient", "occurred_at", "value", "currency", "campaign"] as const;
const REQUIRED: Record<ImportKind, readonly string[]> = {
  // A metadata row needs message_id or recipient: the file needs at least one of the two columns.
  metadata: [],
  conversions: ["external_id", "recipient", "occurred_at", "value", "currency"],
};
export const IMPORT_COLUMNS: Record<ImportKind, readonly string[]> = { metadata: METADATA_COLUMNS, conversions: CONVERSION_COLUMNS };

/** One problem of an import: `line` is the physical CSV line (header = 1) or, for REST, the row's index + 1. */
export interface ImportError {
  line: number;
  column?: string;
  message: string;
}

/** The errors of one import, capped: the first IMPORT_MAX_ERRORS and how many more there were. */
export class ImportErrors {
  readonly list: ImportError[] = [];
  more = 0;
  add(e: ImportError): void {
    if (this.list.length < IMPORT_MAX_ERRORS) this.list.push(e);
    else this.more++;
  }
  get count(): number {
    return this.list.length + this.more;
  }
}

export interface MetadataRow {
  line: number;
  messageId: string | null;
  recipient: string | null;
  campaign: string;
  variant: string;
  acquisitionSource: string;
  signupDate: Date | null;
}

export interface ConversionRow {
  line: number;
  externalId: string;
  recipient: string;
  occurredAt: Date;
  value: number;
  currency: string;
  campaign: string;
}

/** Where each known column sits in a record; `present` is what the file names (an absent column is left as stored). */
export interface ImportHeader {
  kind: ImportKind;
  index: Map<string, number>;
  present: Set<string>;
}

/**
 * Reads the header row: names are matched without case or surrounding spaces; an unknown or repeated
 * column, or a missing required one, is an error naming it (all of them, not the first).
 */
export function checkHeader(kind: ImportKind, cells: readonly string[], errors: ImportErrors, line = 1): ImportHeader | null {
  const known = new Set(IMPORT_COLUMNS[kind]);
  const index = new Map<string, number>();
  let ok = true;
  cells.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!known.has(name)) {
      ok = false;
      errors.add({
        line,
        column: raw.trim() || `#${i + 1}`,
        message: `Unknown column "${raw.trim()}"; expected ${IMPORT_COLUMNS[kind].join(", ")}`,
      });
    } else if (index.has(name)) {
      ok = false;
      errors.add({ line, column: name, message: `Column "${name}" appears twice` });
    } else index.set(name, i);
  });
  for (const name of REQUIRED[kind]) {
    if (!index.has(name)) {
      ok = false;
      errors.add({ line, column: name, message: `Missing required column "${name}"` });
    }
  }
  if (kind === "metadata" && !index.has("message_id") && !index.has("recipient")) {
    ok = false;
    errors.add({ line, column: "message_id", message: 'A metadata file needs a "message_id" or a "recipient" column (or both)' });
  }
  return ok ? { kind, index, present: new Set(index.keys()) } : null;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// ISO 8601 date-time with a zone (Z or ±hh:mm / ±hhmm): a time without a zone is ambiguous by hours.
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const DECIMAL_RE = /^\d+(\.\d+)?$/;
const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

/** YYYY-MM-DD as UTC midnight, or null when it is not a real calendar day (2026-02-30). */
export function parseDay(text: string): Date | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? d : null;
}

/** An instant: ISO 8601 with a zone, or a bare day (UTC midnight). */
export function parseInstant(text: string): Date | null {
  if (DATE_RE.test(text)) return parseDay(text);
  if (!DATE_TIME_RE.test(text)) return null;
  // The calendar part must be a real day too: Date.parse would roll 2026-02-30 into March.
  if (!parseDay(text.slice(0, 10))) return null;
  const ms = Date.parse(text.replace(" ", "T"));
  return Number.isFinite(ms) ? new Date(ms) : null;
}

/** A row's cells by column name (absent columns give ""), trimmed. */
function cellsOf(header: ImportHeader, record: readonly string[]): (name: string) => string {
  return (name) => {
    const i = header.index.get(name);
    return i === undefined ? "" : (record[i] ?? "").trim();
  };
}

function checkText(cell: (n: string) => string, name: string, line: number, errors: ImportErrors): string | null {
  const v = cell(name);
  if (v.length > IMPORT_MAX_CELL_CHARS) {
    errors.add({ line, column: name, message: `Longer than ${IMPORT_MAX_CELL_CHARS} characters` });
    return null;
  }
  return v;
}

function checkCount(header: ImportHeader, record: readonly string[], line: number, errors: ImportErrors): boolean {
  if (record.length === header.index.size) return true;
  errors.add({ line, message: `${record.length} fields where the header has ${header.index.size}` });
  return false;
}

/** Validates one metadata record; null (with errors added) when it is not importable. */
export function parseMetadataRecord(
  header: ImportHeader,
  record: readonly string[],
  line: number,
  errors: ImportErrors,
): MetadataRow | null {
  if (!checkCount(header, record, line, errors)) return null;
  const cell = cellsOf(header, record);
  const before = errors.count;
  const messageId = checkText(cell, "message_id", line, errors);
  const recipient = cell("recipient");
  if (recipient && !EMAIL_RE.test(recipient))
    errors.add({ line, column: "recipient", message: `"${clip(recipient)}" is not an email address` });
  if (!messageId && !recipient) errors.add({ line, column: "message_id", message: "Needs a message_id or a recipient" });
  const campaign = checkText(cell, "campaign", line, errors);
  const variant = checkText(cell, "variant", line, errors);
  const acquisitionSource = checkText(cell, "acquisition_source", line, errors);
  const signup = cell("signup_date");
  const signupDate = signup ? parseDay(signup) : null;
  if (signup && !signupDate) errors.add({ line, column: "signup_date", message: `"${clip(signup)}" is not a date (YYYY-MM-DD)` });
  if (errors.count > before) return null;
  return {
    line,
    messageId: messageId || null,
    recipient: recipient || null,
    campaign: campaign ?? "",
    variant: variant ?? "",
    acquisitionSource: acquisitionSource ?? "",
    signupDate,
  };
}

/** Validates one conversion record; null (with errors added) when it is not importable. */
export function parseConversionRecord(
  header: ImportHeader,
  record: readonly string[],
  line: number,
  errors: ImportErrors,
): ConversionRow | null {
  if (!checkCount(header, record, line, errors)) return null;
  const cell = cellsOf(header, record);
  const before = errors.count;
  const externalId = checkText(cell, "external_id", line, errors);
  if (externalId === "") errors.add({ line, column: "external_id", message: "Is empty" });
  const recipient = cell("recipient");
  if (!EMAIL_RE.test(recipient))
    errors.add({ line, column: "recipient", message: recipient ? `"${clip(recipient)}" is not an email address` : "Is empty" });
  const when = cell("occurred_at");
  const occurredAt = parseInstant(when);
  if (!occurredAt)
    errors.add({
      line,
      column: "occurred_at",
      message: `"${clip(when)}" is not a date: use ISO 8601 with a zone (2026-12-07T10:30:00Z) or YYYY-MM-DD`,
    });
  const valueText = cell("value");
  const value = DECIMAL_RE.test(valueText) ? Number(valueText) : NaN;
  if (!Number.isFinite(value) || value > IMPORT_MAX_VALUE)
    errors.add({
      line,
      column: "value",
      message: valueText.startsWith("-")
        ? "Cannot be negative"
        : `"${clip(valueText)}" is not a decimal number (12.50) up to ${IMPORT_MAX_VALUE}`,
    });
  const currency = cell("currency").toUpperCase();
  if (!CURRENCIES.has(currency))
    errors.add({ line, column: "currency", message: `"${clip(cell("currency"))}" is not an ISO 4217 currency code` });
  const campaign = checkText(cell, "campaign", line, errors);
  if (errors.count > before || !externalId || !occurredAt) return null;
  return { line, externalId, recipient, occurredAt, value, currency, campaign: campaign ?? "" };
}

/** A cell quoted in a message: long ones are cut so one bad line cannot fill the error list. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * REST rows (JSON objects) as the same header + records a CSV gives: the header is the union of the rows'
 * keys (so an unknown key is an error like an unknown column), a missing key is an empty cell, and row
 * i (0-based) is reported as line i + 1. Non-string values are written back as text (12.5 → "12.5").
 */
export function recordsOfJson(rows: readonly Record<string, unknown>[]): { columns: string[]; records: string[][] } {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows)
    for (const key of Object.keys(row))
      if (!seen.has(key.toLowerCase())) {
        seen.add(key.toLowerCase());
        columns.push(key);
      }
  const records = rows.map((row) => {
    const byLower = new Map(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v]));
    return columns.map((c) => {
      const v = byLower.get(c.toLowerCase());
      return v === undefined || v === null
        ? ""
        : typeof v === "string"
          ? v
          : typeof v === "number" || typeof v === "boolean"
            ? String(v)
            : JSON.stringify(v);
    });
  });
  return { columns, records };
}

/** The template a user downloads for a kind: the header and one example row. */
export function importTemplate(kind: ImportKind): string {
  return kind === "metadata"
    ? "message_id,recipient,campaign,variant,acquisition_source,signup_date\r\n<20261207.1234@mail.example.com>,ada@example.com,winter-sale,B,google-ads,2026-11-02\r\n"
    : "external_id,recipient,occurred_at,value,currency,campaign\r\norder-1001,ada@example.com,2026-12-07T10:30:00Z,49.90,EUR,winter-sale\r\n";
}
