/** The tRPC fetch handler (/api/trpc): its context is the one browser request context (http-deps.ts). */
import { timeHttp } from "@inboxwatch/services/metrics";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { appRouter } from "../root.ts";
import { createRequestContext, type HttpDeps } from "./http-deps.ts";

const PROCEDURES = new Set(Object.keys(appRouter._def.procedures));

/**
 * The metrics route of a tRPC call: `trpc:<procedure path>` for a known procedure, `trpc:batch` for a
 * batch of several (the client batches a page's queries), `trpc:unknown` otherwise — the path comes from
 * the URL, so an unknown name must not become a label value.
 */
export function trpcMetricsRoute(url: string): string {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname.replace(/^\/api\/trpc\/?/, ""));
  } catch {
    return "trpc:unknown";
  }
  if (path.includes(",")) return "trpc:batch";
  return PROCEDURES.has(path) ? `trpc:${path}` : "trpc:unknown";
}

export function trpcRoute(deps: HttpDeps): (req: Request) => Promise<Response> {
  return (req) =>
    timeHttp(req.method, trpcMetricsRoute(req.url), () =>
      fetchRequestHandler({
        endpoint: "/api/trpc",
        req,
        router: appRouter,
        createContext: () => createRequestContext(deps, req),
        onError({ error, path }) {
          if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}:`, error.message);
        },
      }),
    );
}
