/**
 * Parses "Name: value" lines (RFC 5322 §2.2 header syntax, as used by the RFC 5965 feedback-report
 * part) with folded continuation lines unfolded. Lines that are not fields are skipped, so the same
 * function reads a report part and the plain-text body of reporters that inline the fields.
 */

/** Fields read from one block; more are ignored (a feedback report has about 15). */
const MAX_FIELDS = 500;

export type HeaderFields = Map<string, string[]>;

export function parseHeaderFields(block: string): HeaderFields {
  const fields: HeaderFields = new Map();
  let current: { name: string; value: string } | null = null;
  let seen = 0;
  const flush = () => {
    if (!current) return;
    const list = fields.get(current.name) ?? [];
    list.push(current.value.trim());
    fields.set(current.name, list);
    current = null;
  };
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && current) {
      current.value += ` ${line.trim()}`;
      continue;
    }
    flush();
    const match = /^([\x21-\x39\x3b-\x7e]+):[ \t]*(.*)$/.exec(line);
    if (!match || ++seen > MAX_FIELDS) continue;
    current = { name: (match[1] ?? "").toLowerCase(), value: match[2] ?? "" };
  }
  flush();
  return fields;
}

export function first(fields: HeaderFields, name: string): string | null {
  const value = fields.get(name)?.[0]?.trim();
  return value ? value : null;
}

export function all(fields: HeaderFields, name: string): string[] {
  return (fields.get(name) ?? []).map((v) => v.trim()).filter((v) => v !== "");
}
