/**
 * Reading a watched domain's MX set back (the domain page's "Mail exchangers" card) with the domain's
 * state rolled up from its hosts, and "Probe now" for the whole set.
 */
import { type MonitorStatus } from "@inboxwatch/db";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext } from "../context.ts";
import { ValidationError } from "../errors.ts";
import { getDomainInOrg, syncDomainMx } from "./domain-mx.ts";
import { recordProbes } from "./record.ts";
import { probeMonitor, type ProbeRunDeps } from "./run.ts";

/** MX drift events shown on the card. */
export const DOMAIN_MX_EVENTS_MAX = 20;

/**
 * A domain's state from its MX hosts' states: UP when every host is UP, DOWN when none answers,
 * DEGRADED in between (some hosts down, or slow / TLS regressions); UNKNOWN before the first probes.
 */
export function rollUpMxState(states: MonitorStatus[]): MonitorStatus {
  const known = states.filter((s) => s !== "UNKNOWN");
  if (known.length === 0) return "UNKNOWN";
  if (known.every((s) => s === "DOWN")) return "DOWN";
  if (known.length === states.length && known.every((s) => s === "UP")) return "UP";
  return "DEGRADED";
}

export async function getDomainMx(ctx: OrgContext, input: { domainId: string }) {
  const domain = await getDomainInOrg(ctx, { domainId: input.domainId });
  const watch = await ctx.db.mxWatch.findFirst({
    where: { orgId: ctx.orgId, domainId: domain.id },
    select: {
      id: true,
      enabled: true,
      intervalSeconds: true,
      lastSyncAt: true,
      nextSyncAt: true,
      mxRecords: true,
      nullMx: true,
      lastError: true,
    },
  });
  if (!watch) return { domain, watch: null, state: "UNKNOWN" as MonitorStatus, hosts: [], events: [] };
  const hosts = await ctx.db.monitor.findMany({
    where: { orgId: ctx.orgId, mxWatchId: watch.id },
    orderBy: [{ enabled: "desc" }, { mxPreference: "asc" }, { mxHost: "asc" }],
    select: {
      id: true,
      mxHost: true,
      mxPreference: true,
      enabled: true,
      state: true,
      stateSince: true,
      stateReasons: true,
      lastProbeAt: true,
      lastOutcome: true,
      lastLatencyMs: true,
      lastTlsVersion: true,
    },
  });
  const events = await ctx.db.monitorEvent.findMany({
    where: { orgId: ctx.orgId, monitor: { orgId: ctx.orgId, mxWatchId: watch.id } },
    orderBy: { at: "desc" },
    take: DOMAIN_MX_EVENTS_MAX,
    select: { id: true, at: true, kind: true, type: true, severity: true, message: true, monitor: { select: { mxHost: true } } },
  });
  const active = hosts.filter((h) => h.enabled);
  return { domain, watch, state: watch.enabled ? rollUpMxState(active.map((h) => h.state)) : ("UNKNOWN" as MonitorStatus), hosts, events };
}

/** Resolves the MX set now, probes every current host at once, records them as one batch. */
export async function probeDomainMxNow(ctx: OrgContext, input: { domainId: string }, deps: ProbeRunDeps = {}) {
  const domain = await getDomainInOrg(ctx, { domainId: input.domainId });
  const watch = await ctx.db.mxWatch.findFirst({ where: { orgId: ctx.orgId, domainId: domain.id }, select: { id: true, enabled: true } });
  if (!watch?.enabled) throw new ValidationError("MX monitoring is off for this domain; turn it on first");
  const now = deps.now?.() ?? new Date();
  await syncDomainMx(ctx, { watchId: watch.id }, { ...(deps.dnsResolver ? { dnsResolver: deps.dnsResolver } : {}), now });
  const monitors = await ctx.db.monitor.findMany({ where: { orgId: ctx.orgId, mxWatchId: watch.id, enabled: true } });
  // At most PROBE_MAX_MX_HOSTS monitors (syncDomainMx keeps no more enabled), each capped at 90 s by the engine.
  const probed = await Promise.all(
    monitors.map(async (monitor) => ({ monitor, result: await probeMonitor(ctx, { ...monitor, server: null }, deps) })),
  );
  const at = deps.now?.() ?? new Date();
  await ctx.db.$transaction(async (tx) => {
    await recordProbes(inTx(ctx, tx), { items: probed.map(({ monitor, result }) => ({ monitor, slot: at, result, now: at })) });
    await recordAudit(inTx(ctx, tx), {
      action: "domain.mx_probe",
      targetType: "SendingDomain",
      targetId: domain.id,
      metadata: { domain: domain.domain, hosts: monitors.map((m) => m.mxHost) },
    });
  });
  return getDomainMx(ctx, { domainId: domain.id });
}
