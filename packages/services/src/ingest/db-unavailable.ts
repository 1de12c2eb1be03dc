/**
 * Tells "the database is not reachable right now" (restart, failover, network) from every other error,
 * so intake can answer 503 + Retry-After — a clear "send it again with the same batch id" — instead of a
 * 500. Walks the cause chain: the Prisma driver adapter wraps the pg error, which may wrap the socket's.
 */

/**
 * Socket errors, PostgreSQL SQLSTATEs of class 08 (connection exception) and 57P (operator intervention),
 * Prisma's "can't reach / connection closed" (P1001, P1002, P1017) and its transaction API error (P2028:
 * no connection within maxWait, or the transaction died with its connection). A resend with the same
 * batch id is safe in every one of them, committed or not.
 */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
  "P1001",
  "P1002",
  "P1017",
  "P2028",
]);
const UNAVAILABLE_TEXT_RE =
  /connection terminated|connection (?:closed|refused|reset)|terminating connection|the database system is (?:starting up|shutting down|in recovery mode)|can't reach database|server closed the connection|Client has encountered a connection error|timeout exceeded when trying to connect/i;
/** Cause chains are short; the bound only guards against a cycle. */
const CAUSE_DEPTH_MAX = 8;

export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < CAUSE_DEPTH_MAX && e !== null && typeof e === "object"; i++) {
    const o = e as { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown; kind?: unknown };
    for (const code of [o.code, o.originalCode]) if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof o.message === "string" && UNAVAILABLE_TEXT_RE.test(o.message)) return true;
    e = o.cause;
  }
  return false;
}
