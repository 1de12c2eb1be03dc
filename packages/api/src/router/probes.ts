import { z } from "zod";

import {
  getDomainMx,
  getPortHealth,
  getProbeResult,
  getProbeSeries,
  listMonitorEvents,
  listProbeResults,
  listServerMonitors,
  probeDomainMxNow,
  probeMonitorNow,
  setDomainMxWatch,
  updateMonitor,
  ZListProbeResults,
  ZMonitorEvents,
  ZProbeSeries,
  ZSetDomainMx,
  ZUpdateMonitor,
} from "@inboxwatch/services/probes";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

const ZServerId = z.object({ serverId: z.string().min(1).max(40) });
const ZDomainId = z.object({ domainId: z.string().min(1).max(40) });
const ZResultKey = z.object({ id: z.string().min(1).max(40), time: z.date() });

/** SMTP monitors of the organization's mail servers and of its domains' MX hosts: tiles, history, series, "Probe now". */
export const probesRouter = createTRPCRouter({
  /** Every server × port of the organization (the port-health matrix). */
  portHealth: orgProcedureWith("servers.read").query(({ ctx }) => getPortHealth(ctx.svc)),
  monitors: createTRPCRouter({
    /** A server's monitors (25 / 587 / 465) with state, TLS, last latency and uptime 24 h / 7 d / 30 d. */
    list: orgProcedureWith("servers.read")
      .input(ZServerId)
      .query(({ ctx, input }) => listServerMonitors(ctx.svc, input)),
    /** A monitor's latency and outcome series over a range. */
    series: orgProcedureWith("servers.read")
      .input(ZProbeSeries)
      .query(({ ctx, input }) => getProbeSeries(ctx.svc, input)),
    /** A server's monitors' state changes (the timeline). */
    events: orgProcedureWith("servers.read")
      .input(ZMonitorEvents)
      .query(({ ctx, input }) => listMonitorEvents(ctx.svc, input)),
    update: orgProcedureWith("servers.write")
      .input(ZUpdateMonitor)
      .mutation(({ ctx, input }) => updateMonitor(ctx.svc, input)),
    /** "Probe now": runs the probe inline (the engine caps it at 90 s) and records it like a scheduled one. */
    run: orgProcedureWith("servers.write")
      .input(ZId)
      .mutation(({ ctx, input }) => probeMonitorNow(ctx.svc, input)),
  }),
  results: createTRPCRouter({
    list: orgProcedureWith("servers.read")
      .input(ZListProbeResults)
      .query(({ ctx, input }) => listProbeResults(ctx.svc, input)),
    /** One probe with transcript, capabilities and certificate chain (keyed by id and time: the table is partitioned by time). */
    byId: orgProcedureWith("servers.read")
      .input(ZResultKey)
      .query(({ ctx, input }) => getProbeResult(ctx.svc, input)),
  }),
  domainMx: createTRPCRouter({
    /** A sending domain's MX set: each MX host's state, TLS, latency, last probe; the domain's rolled-up state; MX drift. */
    get: orgProcedureWith("domains.read")
      .input(ZDomainId)
      .query(({ ctx, input }) => getDomainMx(ctx.svc, input)),
    /** MX monitoring of a domain on (resolved and probed from now on) or off. */
    setEnabled: orgProcedureWith("domains.write")
      .input(ZSetDomainMx)
      .mutation(({ ctx, input }) => setDomainMxWatch(ctx.svc, input)),
    /** "Probe now": resolves the MX set and probes every host inline (each capped at 90 s by the engine). */
    run: orgProcedureWith("domains.write")
      .input(ZDomainId)
      .mutation(({ ctx, input }) => probeDomainMxNow(ctx.svc, input)),
  }),
});
