/**
 * A fixed-window request counter per key, in process memory. Each web process limits on its own, so a
 * deployment of N processes allows up to N× the limit; that is the accepted trade for not writing a row
 * per API request. (A shared limit would move this to PostgreSQL or Redis.)
 */
const WINDOW_MS = 60_000;
/** Bounds memory under a flood of distinct keys. */
const MAX_TRACKED_KEYS = 50_000;

const windows = new Map<string, { start: number; count: number }>();

export function takeRateLimit(
  key: string,
  limitPerMinute: number,
  now = Date.now(),
): { ok: true } | { ok: false; retryAfterSeconds: number } {
  let w = windows.get(key);
  if (!w || now - w.start >= WINDOW_MS) {
    if (windows.size >= MAX_TRACKED_KEYS) windows.clear();
    w = { start: now, count: 0 };
    windows.set(key, w);
  }
  w.count++;
  if (w.count > limitPerMinute) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000)) };
  return { ok: true };
}
