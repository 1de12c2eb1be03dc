/** The tRPC fetch handler (/api/trpc): its context is the one browser request context (http-deps.ts). */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { appRouter } from "../root.ts";
import { createRequestContext, type HttpDeps } from "./http-deps.ts";

export function trpcRoute(deps: HttpDeps): (req: Request) => Promise<Response> {
  return (req) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: () => createRequestContext(deps, req),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}:`, error.message);
      },
    });
}
