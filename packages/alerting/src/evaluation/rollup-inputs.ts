/**
 * Series read from rollups and reports, for every organization of an evaluation batch at once (one query
 * per source, `orgId = ANY(…)`, never one per organization — a sweep of 10,000 organizations runs these
 * a few hundred times, not tens of thousands):
 * - DeliveryRollup (hourly) → bounce_rate, bounce_rate_by_category, deferral_rate for the organization,
 *   each sending domain (`domain:<SendingDomain.id>`) and each provider (`provider:<key>`);
 * - DmarcReport/DmarcRecord → dmarc_compliance, TlsReportPolicy → tlsrpt_failures, one point per report at
 *   the time it was RECEIVED, for the organization and the policy domain.
 */
import { type SystemContext } from "@inboxwatch/services";

import { type MetricPoint, type TAlertMetric } from "../engine/index.ts";

/** Adds a point to one organization's input index. */
export type AddOrgPoint = (orgId: string, scope: string, metric: string, point: MetricPoint) => void;

export interface BatchWindow {
  orgIds: readonly string[];
  since: Date;
  until: Date;
}

/** Sending domain ids by organization and domain name (lowercase, as stored). */
export type DomainIds = ReadonlyMap<string, ReadonlyMap<string, string>>;

export async function loadDomainIds(ctx: SystemContext, input: { orgIds: readonly string[] }): Promise<DomainIds> {
  const byOrg = new Map<string, Map<string, string>>();
  if (input.orgIds.length === 0) return byOrg;
  const rows = await ctx.db.sendingDomain.findMany({
    where: { orgId: { in: [...input.orgIds] } },
    select: { orgId: true, id: true, domain: true },
  });
  for (const d of rows) {
    let m = byOrg.get(d.orgId);
    if (!m) byOrg.set(d.orgId, (m = new Map<string, string>()));
    m.set(d.domain.toLowerCase(), d.id);
  }
  return byOrg;
}

interface Bucket {
  total: number;
  bounced: number;
  deferred: number;
  byCategory: Map<string, number>;
}

/** Hourly delivery rollups folded into rate series per organization, sender domain and provider. */
/** What a loader of series reads (the batch's window) and where it adds its points. */
export interface SeriesLoad {
  window: BatchWindow;
  domainIds: DomainIds;
  add: AddOrgPoint;
}

export async function loadRollups(ctx: SystemContext, input: SeriesLoad): Promise<void> {
  const { window: w, domainIds, add } = input;
  if (w.orgIds.length === 0) return;
  // Summed over servers in PostgreSQL (the rollup's key also has serverId, which no series here uses).
  const rows = await ctx.db.$queryRaw<
    { orgId: string; hour: Date; senderDomain: string; provider: string; status: string; category: string; count: number }[]
  >`
    select "orgId" as "orgId", hour, "senderDomain" as "senderDomain", provider, status, category, sum(count)::int as count
      from "DeliveryRollup"
     where "orgId" = any(${[...w.orgIds]}::text[]) and hour >= ${w.since} and hour <= ${w.until}
     group by 1, 2, 3, 4, 5, 6`;
  // Key: `${orgId}\n${scope}`: scope keys never hold a newline.
  const buckets = new Map<string, Map<number, Bucket>>();
  const fold = (key: string, at: number, status: string, category: string, count: number) => {
    let byHour = buckets.get(key);
    if (!byHour) buckets.set(key, (byHour = new Map<number, Bucket>()));
    let b = byHour.get(at);
    if (!b) byHour.set(at, (b = { total: 0, bounced: 0, deferred: 0, byCategory: new Map() }));
    b.total += count;
    if (status === "bounced") {
      b.bounced += count;
      b.byCategory.set(category, (b.byCategory.get(category) ?? 0) + count);
    } else if (status === "deferred") b.deferred += count;
  };
  for (const r of rows) {
    const at = r.hour.getTime();
    fold(`${r.orgId}\norganization`, at, r.status, r.category, r.count);
    const domainId = domainIds.get(r.orgId)?.get(r.senderDomain.toLowerCase());
    if (domainId) fold(`${r.orgId}\ndomain:${domainId}`, at, r.status, r.category, r.count);
    fold(`${r.orgId}\nprovider:${r.provider}`, at, r.status, r.category, r.count);
  }
  for (const [key, byHour] of buckets) {
    const cut = key.indexOf("\n");
    const orgId = key.slice(0, cut);
    const scope = key.slice(cut + 1);
    // An hour without bounces of a category is a 0% point for it, not a missing one (the mean would skew).
    const categories = new Set<string>();
    for (const b of byHour.values()) for (const c of b.byCategory.keys()) categories.add(c);
    for (const [at, b] of byHour) {
      if (b.total === 0) continue;
      add(orgId, scope, "bounce_rate", { at, value: (100 * b.bounced) / b.total, volume: b.total });
      add(orgId, scope, "deferral_rate", { at, value: (100 * b.deferred) / b.total, volume: b.total });
      for (const c of categories)
        add(orgId, scope, `bounce_rate_by_category|${c}`, { at, value: (100 * (b.byCategory.get(c) ?? 0)) / b.total, volume: b.total });
    }
  }
}

/**
 * Aggregate reports as points at the time they were RECEIVED, not the period they describe: reporters
 * send yesterday's report hours (up to a day) later, so keyed by arrival a 24-hour window always holds
 * the latest day of reports, and the evaluation queued when a report is processed sees it.
 * `metrics` says which organizations need which metric.
 */
export async function loadReportPoints(
  ctx: SystemContext,
  input: SeriesLoad & { metrics: ReadonlyMap<string, ReadonlySet<TAlertMetric>> },
): Promise<void> {
  const { db } = ctx;
  const { window: w, metrics, domainIds, add } = input;
  const dmarcOrgs = w.orgIds.filter((o) => metrics.get(o)?.has("dmarc_compliance"));
  const tlsOrgs = w.orgIds.filter((o) => metrics.get(o)?.has("tlsrpt_failures"));
  const [dmarc, tls] = await Promise.all([
    dmarcOrgs.length > 0
      ? // Aligned = DKIM or SPF aligned pass (RFC 7489 §6.6.2), as the reports pages count it.
        db.$queryRaw<{ orgId: string; at: Date; domain: string; total: number; aligned: number }[]>`
          select rep."orgId" as "orgId", rep."createdAt" as at, lower(rep.domain) as domain, sum(r.count)::int as total,
                 coalesce(sum(r.count) filter (where r."dkimAligned" = 'pass' or r."spfAligned" = 'pass'), 0)::int as aligned
            from "DmarcReport" rep join "DmarcRecord" r on r."reportId" = rep.id and r."orgId" = rep."orgId"
           where rep."orgId" = any(${dmarcOrgs}::text[]) and rep."createdAt" >= ${w.since} and rep."createdAt" <= ${w.until}
           group by rep.id, rep."orgId", rep."createdAt", rep.domain`
      : Promise.resolve([]),
    tlsOrgs.length > 0
      ? db.tlsReportPolicy.findMany({
          where: { orgId: { in: tlsOrgs }, report: { createdAt: { gte: w.since, lte: w.until } } },
          select: {
            orgId: true,
            policyDomain: true,
            successfulSessions: true,
            failedSessions: true,
            report: { select: { createdAt: true } },
          },
        })
      : Promise.resolve([]),
  ]);
  const addBoth = (orgId: string, domain: string | null, metric: TAlertMetric, point: MetricPoint) => {
    add(orgId, "organization", metric, point);
    const id = domain ? domainIds.get(orgId)?.get(domain.toLowerCase()) : undefined;
    if (id) add(orgId, `domain:${id}`, metric, point);
  };
  for (const d of dmarc) {
    if (d.total > 0)
      addBoth(d.orgId, d.domain, "dmarc_compliance", { at: d.at.getTime(), value: (100 * d.aligned) / d.total, volume: d.total });
  }
  for (const p of tls) {
    addBoth(p.orgId, p.policyDomain, "tlsrpt_failures", {
      at: p.report.createdAt.getTime(),
      value: p.failedSessions,
      volume: p.successfulSessions + p.failedSessions,
    });
  }
}
