import {
  createMailServer,
  createSendingDomain,
  createSendingIp,
  getMailServer,
  getSendingDomain,
  getSendingIp,
  listMailServers,
  listSendingDomains,
  listSendingIps,
  removeMailServer,
  removeSendingDomain,
  removeSendingIp,
  updateMailServer,
  updateSendingDomain,
  updateSendingIp,
  ZCreateMailServer,
  ZCreateSendingDomain,
  ZCreateSendingIp,
  ZUpdateMailServer,
  ZUpdateSendingDomain,
  ZUpdateSendingIp,
} from "@inboxwatch/services";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

export const serverRouter = createTRPCRouter({
  list: orgProcedureWith("servers.read").query(({ ctx }) => listMailServers(ctx.svc)),
  byId: orgProcedureWith("servers.read")
    .input(ZId)
    .query(({ ctx, input }) => getMailServer(ctx.svc, input)),
  create: orgProcedureWith("servers.write")
    .input(ZCreateMailServer)
    .mutation(({ ctx, input }) => createMailServer(ctx.svc, input)),
  update: orgProcedureWith("servers.write")
    .input(ZUpdateMailServer)
    .mutation(({ ctx, input }) => updateMailServer(ctx.svc, input)),
  remove: orgProcedureWith("servers.write")
    .input(ZId)
    .mutation(({ ctx, input }) => removeMailServer(ctx.svc, input)),
});

export const domainRouter = createTRPCRouter({
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

export const ipRouter = createTRPCRouter({
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
