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
} from "@inboxwatch/services/dns-check";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

/** DNS authentication and reputation: stored check results, drift, "Check now", the blocklist catalogue. */
export const dnsCheckRouter = createTRPCRouter({
  /** Every domain and IP with its latest grade and worst finding. */
  list: orgProcedureWith("domains.read").query(({ ctx }) => listHealth(ctx.svc)),
  domains: createTRPCRouter({
    /** One domain's latest check with its history. */
    byId: orgProcedureWith("domains.read")
      .input(ZDnsHistoryInput)
      .query(({ ctx, input }) => getDomainHealth(ctx.svc, input)),
    drift: orgProcedureWith("domains.read")
      .input(ZDriftInput)
      .query(({ ctx, input }) => listDrift(ctx.svc, input)),
    /** "Check now". */
    run: orgProcedureWith("domains.write")
      .input(ZId)
      .mutation(({ ctx, input }) => requestDomainCheck(ctx.svc, input)),
  }),
  ips: createTRPCRouter({
    /** One IP's latest check (blocklist listings, PTR) with its history. */
    byId: orgProcedureWith("ips.read")
      .input(ZDnsHistoryInput)
      .query(({ ctx, input }) => getIpHealth(ctx.svc, input)),
    /** "Check now". */
    run: orgProcedureWith("ips.write")
      .input(ZId)
      .mutation(({ ctx, input }) => requestIpCheck(ctx.svc, input)),
  }),
  /** The DNSBL catalogue: the built-in zones (enabled or not) and the organization's own. */
  blocklists: createTRPCRouter({
    list: orgProcedureWith("domains.read").query(({ ctx }) => listBlocklists(ctx.svc)),
    create: orgProcedureWith("domains.write")
      .input(ZAddBlocklist)
      .mutation(({ ctx, input }) => addBlocklist(ctx.svc, input)),
    setEnabled: orgProcedureWith("domains.write")
      .input(ZSetBlocklistEnabled)
      .mutation(({ ctx, input }) => setBlocklistEnabled(ctx.svc, input)),
    remove: orgProcedureWith("domains.write")
      .input(ZRemoveBlocklist)
      .mutation(({ ctx, input }) => removeBlocklist(ctx.svc, input)),
  }),
});
