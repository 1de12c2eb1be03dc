/** Small normalizers shared by the report parsers. */

/** Trimmed text or null when empty. */
export function text(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** Trimmed, lowercased RFC keyword (reporters send "Pass", "NONE"…) or null when empty. */
export function keyword(value: string | undefined | null): string | null {
  return text(value)?.toLowerCase() ?? null;
}

/** A non-negative integer, or `fallback` when absent or not a number. */
export function count(value: unknown, fallback = 0): number {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
  if (typeof value !== "string") return fallback;
  const trimmed = value.trim();
  return /^\d+$/.test(trimmed) ? Number.parseInt(trimmed, 10) : fallback;
}

/** Seconds since the epoch (RFC 7489 appendix C) or any Date-parsable string (RFC 3339 in RFC 8460). */
export function timestamp(value: string | null | undefined): Date | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  const date = /^\d+$/.test(trimmed) ? new Date(Number(trimmed) * 1000) : new Date(trimmed);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "<user@example.com>" → "user@example.com"; empty → null. */
export function bareAddress(value: string | null | undefined): string | null {
  const trimmed = text(value);
  if (trimmed === null) return null;
  const match = /^<(.*)>$/.exec(trimmed);
  return text(match ? match[1] : trimmed);
}
