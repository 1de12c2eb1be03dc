import {
  createSendingDomain,
  getSendingDomain,
  listSendingDomains,
  removeSendingDomain,
  updateSendingDomain,
  ZCreateSendingDomain,
  ZUpdateSendingDomain,
} from "@inboxwatch/services/inventory";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

/** The organization's sending domains (DKIM selectors, the IPs linked to them). */
export const domainsRouter = createTRPCRouter({
  list: orgProcedureWith("domains.read").query(({ ctx }) => listSendingDomains(ctx.svc)),
  byId: orgProcedureWith("domains.read")
    .input(ZId)
    .query(({ ctx, input }) => getSendingDomain(ctx.svc, input)),
  create: orgProcedureWith("domains.write")
    .input(ZCreateSendingDomain)
    .mutation(({ ctx, input }) => createSendingDomain(ctx.svc, input)),
  update: orgProcedureWith("domains.write")
    .input(ZUpdateSendingDomain)
    .mutation(({ ctx, input }) => updateSendingDomain(ctx.svc, input)),
  remove: orgProcedureWith("domains.write")
    .input(ZId)
    .mutation(({ ctx, input }) => removeSendingDomain(ctx.svc, input)),
});
