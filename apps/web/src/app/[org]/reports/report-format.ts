/** Display helpers shared by the reports list and one report's page (UTC, like the reports themselves). */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

const day = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

/** "1 Dec 2026 – 2 Dec 2026"; a period ending at midnight ends the day before (RFC 7489 reports cover whole days). */
export function periodLabel(begin: Date | string, end: Date | string): string {
  const b = new Date(begin);
  const last = new Date(new Date(end).getTime() - 1);
  const a = day(b);
  const z = day(last < b ? b : last);
  return a === z ? a : `${a} – ${z}`;
}

export const dateTime = (d: Date | string) => new Date(d).toISOString().slice(0, 16).replace("T", " ");

export const KIND_LABEL = { DMARC_AGGREGATE: "DMARC aggregate", TLS_RPT: "TLS report", COMPLAINT: "Complaint" } as const;

/** A count as the reports tabs print it ("12,345"). */
export const count = (v: number) => v.toLocaleString("en-US");

/** A percentage with one decimal, "–" where there is nothing to divide. */
export const percent = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${v.toFixed(1)} %`);

/** The UTC day of a timestamp, "2026-12-07". */
export const isoDay = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

/**
 * A record's auth results from its parallel arrays ("example.com (s1): pass, other.org: fail"); `qualifier`
 * adds the selector or scope of the i-th domain. A result the report left out shows as "?".
 */
export function authResults(
  domains: readonly string[],
  results: readonly (string | null | undefined)[],
  qualifier: (i: number) => string | null | undefined = () => null,
): string {
  return domains.map((d, i) => `${d}${qualifier(i) ?? ""}: ${results[i] ?? "?"}`).join(", ") || "–";
}
