import { z } from "zod";

import {
  getPortHealth,
  getProbeResult,
  getProbeSeries,
  listMonitorEvents,
  listProbeResults,
  listServerMonitors,
  probeMonitorNow,
  updateMonitor,
  ZListProbeResults,
  ZMonitorEvents,
  ZProbeSeries,
  ZUpdateMonitor,
} from "@inboxwatch/services/probes/index";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

const ZServerId = z.object({ serverId: z.string().min(1).max(40) });
const ZResultKey = z.object({ id: z.string().min(1).max(40), time: z.date() });

/** SMTP monitors of the organization's mail servers: tiles, history, series, timeline, "Probe now". */
export const probesRouter = createTRPCRouter({
  /** A server's monitors (25 / 587 / 465) with state, TLS, last latency and uptime 24 h / 7 d / 30 d. */
  monitors: orgProcedureWith("servers.read").input(ZServerId).query(({ ctx, input }) => listServerMonitors(ctx.svc, input)),
  results: orgProcedureWith("servers.read").input(ZListProbeResults).query(({ ctx, input }) => listProbeResults(ctx.svc, input)),
  /** One probe with transcript, capabilities and certificate chain. */
  result: orgProcedureWith("servers.read").input(ZResultKey).query(({ ctx, input }) => getProbeResult(ctx.svc, input)),
  series: orgProcedureWith("servers.read").input(ZProbeSeries).query(({ ctx, input }) => getProbeSeries(ctx.svc, input)),
  events: orgProcedureWith("servers.read").input(ZMonitorEvents).query(({ ctx, input }) => listMonitorEvents(ctx.svc, input)),
  /** Every server × port of the organization (the port-health matrix). */
  health: orgProcedureWith("servers.read").query(({ ctx }) => getPortHealth(ctx.svc)),
  /** Runs the probe inline (the engine caps it at 90 s) and records it like a scheduled one. */
  probeNow: orgProcedureWith("servers.write").input(ZId).mutation(({ ctx, input }) => probeMonitorNow(ctx.svc, input)),
  updateMonitor: orgProcedureWith("servers.write").input(ZUpdateMonitor).mutation(({ ctx, input }) => updateMonitor(ctx.svc, input)),
});
