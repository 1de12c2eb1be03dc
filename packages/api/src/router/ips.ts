import {
  createSendingIp,
  getSendingIp,
  listSendingIps,
  removeSendingIp,
  updateSendingIp,
  ZCreateSendingIp,
  ZUpdateSendingIp,
} from "@inboxwatch/services/inventory";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

/** The organization's sending IPs (pool, the domains each sends for). */
export const ipsRouter = createTRPCRouter({
  list: orgProcedureWith("ips.read").query(({ ctx }) => listSendingIps(ctx.svc)),
  byId: orgProcedureWith("ips.read")
    .input(ZId)
    .query(({ ctx, input }) => getSendingIp(ctx.svc, input)),
  create: orgProcedureWith("ips.write")
    .input(ZCreateSendingIp)
    .mutation(({ ctx, input }) => createSendingIp(ctx.svc, input)),
  update: orgProcedureWith("ips.write")
    .input(ZUpdateSendingIp)
    .mutation(({ ctx, input }) => updateSendingIp(ctx.svc, input)),
  remove: orgProcedureWith("ips.write")
    .input(ZId)
    .mutation(({ ctx, input }) => removeSendingIp(ctx.svc, input)),
});
