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
} from "@inboxwatch/services/probes/index";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

const ZServerId = z.object({ serverId: z.string().min(1).max(40) });
const ZDomainId = z.object({ domainId: z.string().min(1).max(40) });
const ZResultKey = z.object({ id: z.string().min(1).max(40), time: z.date() });

/** SMTP monitors of the organization's mail servers: tiles, history, series, timeline, "Probe now". */
export const probesRouter = createTRPCRouter({
  /** A server's monitors (25 / 587 / 465) with state, TLS, last latency and uptime 24 h / 7 d / 30 d. */
  monitors: orgProcedureWith("servers.read")
    .input(ZServerId)
    .query(({ ctx, input }) => listServerMonitors(ctx.svc, input)),
  results: orgProcedureWith("servers.read")
    .input(ZListProbeResults)
    .query(({ ctx, input }) => listProbeResults(ctx.svc, input)),
  /** One probe with transcript, capabilities and certificate chain. */
  result: orgProcedureWith("servers.read")
    .input(ZResultKey)
    .query(({ ctx, input }) => getProbeResult(ctx.svc, input)),
  series: orgProcedureWith("servers.read")
    .input(ZProbeSeries)
    .query(({ ctx, input }) => getProbeSeries(ctx.svc, input)),
  events: orgProcedureWith("servers.read")
    .input(ZMonitorEvents)
    .query(({ ctx, input }) => listMonitorEvents(ctx.svc, input)),
  /** Every server × port of the organization (the port-health matrix). */
  health: orgProcedureWith("servers.read").query(({ ctx }) => getPortHealth(ctx.svc)),
  /** Runs the probe inline (the engine caps it at 90 s) and records it like a scheduled one. */
  probeNow: orgProcedureWith("servers.write")
    .input(ZId)
    .mutation(({ ctx, input }) => probeMonitorNow(ctx.svc, input)),
  updateMonitor: orgProcedureWith("servers.write")
    .input(ZUpdateMonitor)
    .mutation(({ ctx, input }) => updateMonitor(ctx.svc, input)),
  /** A sending domain's MX set: each MX host's state, TLS, latency, last probe; the domain's rolled-up state; MX drift. */
  domainMx: orgProcedureWith("domains.read")
    .input(ZDomainId)
    .query(({ ctx, input }) => getDomainMx(ctx.svc, input)),
  /** MX monitoring of a domain on (resolved and probed from now on) or off. */
  setDomainMx: orgProcedureWith("domains.write")
    .input(ZSetDomainMx)
    .mutation(({ ctx, input }) => setDomainMxWatch(ctx.svc, input)),
  /** Resolves the MX set and probes every host inline (each capped at 90 s by the engine). */
  probeDomainMx: orgProcedureWith("domains.write")
    .input(ZDomainId)
    .mutation(({ ctx, input }) => probeDomainMxNow(ctx.svc, input)),
});
