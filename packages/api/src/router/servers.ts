import {
  createMailServer,
  getMailServer,
  listMailServers,
  removeMailServer,
  updateMailServer,
  ZCreateMailServer,
  ZUpdateMailServer,
} from "@inboxwatch/services/inventory";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

/** The organization's mail servers (their SMTP monitors are created and kept in step by these verbs). */
export const serversRouter = createTRPCRouter({
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
