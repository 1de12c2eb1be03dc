import { createApiKey, listApiKeys, revokeApiKey, ZCreateApiKey } from "@inboxwatch/services";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

export const apiKeyRouter = createTRPCRouter({
  list: orgProcedureWith("apikeys.read").query(({ ctx }) => listApiKeys(ctx.svc)),
  create: orgProcedureWith("apikeys.write")
    .input(ZCreateApiKey)
    .mutation(({ ctx, input }) => createApiKey(ctx.svc, input)),
  revoke: orgProcedureWith("apikeys.write")
    .input(ZId)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.svc, input)),
});
