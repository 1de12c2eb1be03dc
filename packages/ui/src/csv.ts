/**
 * Rows to CSV text (RFC 4180): fields that hold a comma, a quote or a line break are quoted and their
 * quotes doubled; lines end in CRLF. Cells that a spreadsheet would run as a formula (starting with
 * = + - @, or a tab / carriage return that some spreadsheets skip before one) get a leading ' so a
 * value an attacker controls (a hostname, a rule name) cannot become a formula when the file is opened
 * (OWASP "CSV injection").
 */

/** How one column is written: its header, and the cell value (a string, number, date, boolean or nothing). */
export interface CsvColumn<T> {
  header: string;
  csv: (row: T) => CsvValue;
}

export type CsvValue = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell's text: dates as ISO 8601, nothing as an empty field; numbers are never prefixed (-5 stays -5). */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString();
  if (typeof value === "number" || typeof value === "boolean") return quote(String(value));
  return quote(FORMULA_START.test(value) ? `'${value}` : value);
}

function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.csv(row))).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** A file name safe on every system: "Alert rules" + date → "alert-rules-2026-12-07.csv". */
export function csvFileName(title: string, now: Date = new Date()): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${slug || "export"}-${now.toISOString().slice(0, 10)}.csv`;
}
