import {
  addBlocklist,
  getDomainHealth,
  getIpHealth,
  listBlocklists,
  listDrift,
  listHealth,
  removeBlocklist,
  requestDomainCheck,
  requestIpCheck,
  setBlocklistEnabled,
  ZAddBlocklist,
  ZDnsHistoryInput,
  ZDriftInput,
  ZRemoveBlocklist,
  ZSetBlocklistEnabled,
} from "@inboxwatch/services/dns-check/index";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

/** DNS authentication and reputation: stored check results, drift, "Check now", the blocklist catalogue. */
export const dnsCheckRouter = createTRPCRouter({
  /** Every domain and IP with its latest grade and worst finding. */
  list: orgProcedureWith("domains.read").query(({ ctx }) => listHealth(ctx.svc)),
  domain: orgProcedureWith("domains.read")
    .input(ZDnsHistoryInput)
    .query(({ ctx, input }) => getDomainHealth(ctx.svc, input)),
  ip: orgProcedureWith("ips.read")
    .input(ZDnsHistoryInput)
    .query(({ ctx, input }) => getIpHealth(ctx.svc, input)),
  drift: orgProcedureWith("domains.read")
    .input(ZDriftInput)
    .query(({ ctx, input }) => listDrift(ctx.svc, input)),
  runDomain: orgProcedureWith("domains.write")
    .input(ZId)
    .mutation(({ ctx, input }) => requestDomainCheck(ctx.svc, input)),
  runIp: orgProcedureWith("ips.write")
    .input(ZId)
    .mutation(({ ctx, input }) => requestIpCheck(ctx.svc, input)),
  blocklists: orgProcedureWith("domains.read").query(({ ctx }) => listBlocklists(ctx.svc)),
  addBlocklist: orgProcedureWith("domains.write")
    .input(ZAddBlocklist)
    .mutation(({ ctx, input }) => addBlocklist(ctx.svc, input)),
  setBlocklistEnabled: orgProcedureWith("domains.write")
    .input(ZSetBlocklistEnabled)
    .mutation(({ ctx, input }) => setBlocklistEnabled(ctx.svc, input)),
  removeBlocklist: orgProcedureWith("domains.write")
    .input(ZRemoveBlocklist)
    .mutation(({ ctx, input }) => removeBlocklist(ctx.svc, input)),
});
