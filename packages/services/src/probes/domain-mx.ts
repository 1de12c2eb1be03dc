/**
 * Sending domains' MX sets as monitors (issue 3 §4). Opt-in per domain (`setDomainMxWatch`): a domain's
 * MX hosts are often a provider's (Google, Microsoft), and probing someone else's servers every few
 * minutes is for the owner to decide, not a default. A watched domain's MX set is resolved every
 * interval (`probes.sync-mx`): MX by preference (RFC 5321 §5.1), no MX → the domain itself (implicit MX),
 * null MX (RFC 7505) → nothing to probe. Each MX host is a port-25 Monitor, probed like a server port
 * (results, retry before DOWN, drift, rollups); a host added to or removed from the set is a drift event
 * on that host's monitor (`mx_host_added` / `mx_host_removed`).
 */
import { checkMx, type DnsResolver } from "@inboxwatch/deliverability/dns";
import { PROBE_MAX_MX_HOSTS } from "@inboxwatch/deliverability/smtp";
import { type Prisma } from "@inboxwatch/db";
import { sendJob } from "@inboxwatch/jobs";
import { z } from "zod";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext } from "../context.ts";
import { NotFoundError } from "../errors.ts";
import { platformDns } from "../net/platform-dns.ts";
import { MONITOR_DEFAULT_INTERVAL_SECONDS, MONITOR_MAX_INTERVAL_SECONDS, MONITOR_MIN_INTERVAL_SECONDS } from "./monitors.ts";

export const ZSetDomainMx = z.object({
  domainId: z.string().min(1).max(40),
  enabled: z.boolean(),
  intervalSeconds: z.number().int().min(MONITOR_MIN_INTERVAL_SECONDS).max(MONITOR_MAX_INTERVAL_SECONDS).optional(),
});

export async function getDomainInOrg(ctx: OrgContext, input: { domainId: string }) {
  const domain = await ctx.db.sendingDomain.findFirst({
    where: { id: input.domainId, orgId: ctx.orgId },
    select: { id: true, domain: true },
  });
  if (!domain) throw new NotFoundError("Domain");
  return domain;
}

/** Turns MX monitoring of a domain on (resolved at once by a queued `probes.sync-mx`) or off (history kept). */
export async function setDomainMxWatch(ctx: OrgContext, input: z.input<typeof ZSetDomainMx>) {
  const { domainId, enabled, intervalSeconds } = ZSetDomainMx.parse(input);
  const domain = await getDomainInOrg(ctx, { domainId });
  return ctx.db.$transaction(async (tx) => {
    const interval = intervalSeconds ?? MONITOR_DEFAULT_INTERVAL_SECONDS;
    const watch = await tx.mxWatch.upsert({
      where: { domainId: domain.id },
      create: { orgId: ctx.orgId, domainId: domain.id, enabled, intervalSeconds: interval, mxRecords: [] },
      update: { enabled, ...(intervalSeconds !== undefined ? { intervalSeconds } : {}), ...(enabled ? { nextSyncAt: new Date() } : {}) },
      select: { id: true, enabled: true, intervalSeconds: true },
    });
    await tx.monitor.updateMany({
      where: { orgId: ctx.orgId, mxWatchId: watch.id },
      data: enabled ? { intervalSeconds: watch.intervalSeconds } : { enabled: false },
    });
    if (enabled) await sendJob("probes.sync-mx", { orgId: ctx.orgId, watchId: watch.id }, { tx });
    await recordAudit(inTx(ctx, tx), {
      action: enabled ? "domain.mx_watch.enable" : "domain.mx_watch.disable",
      targetType: "SendingDomain",
      targetId: domain.id,
      metadata: { domain: domain.domain, intervalSeconds: watch.intervalSeconds },
    });
    return watch;
  });
}

/** MX sets resolve through the platform resolver (DNS_SERVERS) unless the caller brings one. */
function defaultResolver(): DnsResolver {
  return platformDns().resolver;
}

export interface MxSyncResult {
  hosts: { host: string; preference: number }[];
  nullMx: boolean;
  error: string | null;
  added: string[];
  removed: string[];
}

/** What a domain's MX answer means for monitoring: hosts to probe, null MX, or why there are none. */
async function resolveMxSet(
  domain: string,
  resolver: DnsResolver,
): Promise<Omit<MxSyncResult, "added" | "removed"> & { transient?: true }> {
  const mx = await checkMx(domain, resolver);
  if (mx.nullMx) return { hosts: [], nullMx: true, error: null };
  if (mx.status === "temperror")
    return {
      hosts: [],
      nullMx: false,
      transient: true,
      error: mx.findings.find((f) => f.code === "mx.temperror")?.message ?? "temporary DNS failure",
    };
  const hosts = mx.hosts.map((h) => ({ host: h.exchange.replace(/\.$/, "").toLowerCase(), preference: h.preference }));
  // RFC 5321 §5.1: no MX but an address record → the domain itself is the (implicit) MX, preference 0.
  if (hosts.length === 0 && mx.findings.some((f) => f.code === "mx.implicit"))
    return { hosts: [{ host: domain, preference: 0 }], nullMx: false, error: null };
  if (hosts.length === 0) return { hosts: [], nullMx: false, error: mx.findings[0]?.message ?? `${domain} has no MX` };
  // Bounded like the engine's own domain probes: a domain publishing 50 MX records is not probed 50 times.
  return { hosts: hosts.slice(0, PROBE_MAX_MX_HOSTS), nullMx: false, error: null };
}

/**
 * `probes.sync-mx`: resolves the watched domain's MX set and brings its host monitors in step. A
 * temporary DNS failure changes nothing but `lastError` (an outage of the resolver is not an MX change).
 */
export async function syncDomainMx(
  ctx: OrgContext,
  input: { watchId: string },
  deps: { dnsResolver?: DnsResolver; now?: Date } = {},
): Promise<MxSyncResult | { skipped: "disabled" }> {
  const watch = await ctx.db.mxWatch.findFirst({
    where: { id: input.watchId, orgId: ctx.orgId },
    include: { domain: { select: { domain: true } } },
  });
  if (!watch) throw new NotFoundError("MX watch");
  if (!watch.enabled) return { skipped: "disabled" };
  const now = deps.now ?? new Date();
  const { transient, ...resolved } = await resolveMxSet(watch.domain.domain, deps.dnsResolver ?? defaultResolver());
  const next = { lastSyncAt: now, nextSyncAt: new Date(now.getTime() + watch.intervalSeconds * 1000), lastError: resolved.error };
  if (transient) {
    await ctx.db.mxWatch.update({ where: { id: watch.id, orgId: ctx.orgId }, data: next });
    return { ...resolved, added: [], removed: [] };
  }

  return ctx.db.$transaction(async (tx) => {
    const existing = await tx.monitor.findMany({
      where: { orgId: ctx.orgId, mxWatchId: watch.id },
      select: { id: true, mxHost: true, enabled: true },
    });
    const wanted = new Map(resolved.hosts.map((h) => [h.host, h.preference]));
    const wasActive = new Set(existing.filter((m) => m.enabled && m.mxHost).map((m) => m.mxHost ?? ""));
    const events: Prisma.MonitorEventCreateManyInput[] = [];
    // The first resolution is the baseline, not a change.
    const isChange = watch.lastSyncAt !== null;
    const added: string[] = [];
    for (const [host, preference] of wanted) {
      const m = await tx.monitor.upsert({
        where: { mxWatchId_mxHost: { mxWatchId: watch.id, mxHost: host } },
        create: {
          orgId: ctx.orgId,
          mxWatchId: watch.id,
          mxHost: host,
          mxPreference: preference,
          port: 25,
          mode: "starttls",
          intervalSeconds: watch.intervalSeconds,
          stateReasons: [],
        },
        update: { enabled: true, mxPreference: preference, intervalSeconds: watch.intervalSeconds },
        select: { id: true },
      });
      if (!wasActive.has(host)) {
        added.push(host);
        if (isChange)
          events.push({
            orgId: ctx.orgId,
            monitorId: m.id,
            at: now,
            kind: "drift",
            type: "mx_host_added",
            severity: "info",
            message: `MX host ${host} (preference ${preference}) added to ${watch.domain.domain}`,
            after: host,
          });
      }
    }
    const removed = existing.filter((m) => m.enabled && m.mxHost && !wanted.has(m.mxHost));
    if (removed.length > 0)
      await tx.monitor.updateMany({ where: { orgId: ctx.orgId, id: { in: removed.map((m) => m.id) } }, data: { enabled: false } });
    for (const m of removed) {
      events.push({
        orgId: ctx.orgId,
        monitorId: m.id,
        at: now,
        kind: "drift",
        type: "mx_host_removed",
        severity: "warning",
        message: `MX host ${m.mxHost ?? "?"} removed from ${watch.domain.domain}`,
        before: m.mxHost ?? "",
      });
    }
    if (events.length > 0) await tx.monitorEvent.createMany({ data: events });
    await tx.mxWatch.update({
      where: { id: watch.id, orgId: ctx.orgId },
      data: {
        ...next,
        nullMx: resolved.nullMx,
        mxRecords: resolved.nullMx ? ["0 ."] : resolved.hosts.map((h) => `${h.preference} ${h.host}`),
      },
    });
    return { ...resolved, added, removed: removed.map((m) => m.mxHost ?? "") };
  });
}
