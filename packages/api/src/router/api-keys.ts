import { createApiKey, listApiKeys, revokeApiKey, ZCreateApiKey } from "@inboxwatch/services/apikey";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

/** API keys of the organization. `revoke`, not `remove`: the row stays (revokedAt) for the audit trail. */
export const apiKeysRouter = createTRPCRouter({
  list: orgProcedureWith("apikeys.read").query(({ ctx }) => listApiKeys(ctx.svc)),
  create: orgProcedureWith("apikeys.write")
    .input(ZCreateApiKey)
    .mutation(({ ctx, input }) => createApiKey(ctx.svc, input)),
  revoke: orgProcedureWith("apikeys.write")
    .input(ZId)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.svc, input)),
});
