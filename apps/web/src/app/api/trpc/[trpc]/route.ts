import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { appRouter } from "@inboxwatch/api";
import { getDb } from "@inboxwatch/db";

import { clientIp, currentUser } from "~/server/context";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => ({
      db: getDb(),
      user: await currentUser(),
      orgSlug: req.headers.get("x-org-slug"),
      ip: clientIp(req.headers),
    }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}:`, error.message);
    },
  });

export { handler as GET, handler as POST };
