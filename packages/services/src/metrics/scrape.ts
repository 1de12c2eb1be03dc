/**
 * The scrape endpoint of both processes: `GET /metrics` with `Authorization: Bearer $METRICS_TOKEN`.
 * Unset token → 404, so a default install exposes nothing; a missing or wrong token → 401. Tokens are
 * compared in constant time (as SHA-256 digests, so their lengths leak nothing either).
 */
import { createHash, timingSafeEqual } from "node:crypto";

import { metrics } from "./registry.ts";

export type TScrapeAccess = "allowed" | "unauthorized" | "disabled";

/** Status of each refusal: 404 hides an endpoint that is switched off, 401 asks for the token. */
export const SCRAPE_REFUSAL_STATUS = { unauthorized: 401, disabled: 404 } as const;

const digest = (s: string) => createHash("sha256").update(s).digest();

export function scrapeAccess(authorization: string | null | undefined, token: string | undefined): TScrapeAccess {
  if (!token) return "disabled";
  const match = /^Bearer (.+)$/i.exec(authorization ?? "");
  if (!match?.[1]) return "unauthorized";
  return timingSafeEqual(digest(match[1]), digest(token)) ? "allowed" : "unauthorized";
}

/** The exposition: its body and content type (the Prometheus text format 0.0.4). */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}

/** A fetch-style handler (the web app's app/metrics/route.ts; any node:http server in tests). */
export function metricsEndpoint(options: { token: () => string | undefined }): (req: Request) => Promise<Response> {
  return async (req) => {
    const access = scrapeAccess(req.headers.get("authorization"), options.token());
    if (access !== "allowed") {
      const headers: Record<string, string> = access === "unauthorized" ? { "www-authenticate": 'Bearer realm="metrics"' } : {};
      return new Response(null, { status: SCRAPE_REFUSAL_STATUS[access], headers });
    }
    const { body, contentType } = await renderMetrics();
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  };
}
