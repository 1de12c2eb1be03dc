/**
 * DMARC analytics over the stored aggregate records: compliance per domain over time, sources per IP
 * (unknown senders are IPs not in the organization's SendingIp list), reporters, drill-down to records,
 * and the "can I move from p=none to quarantine?" verdict. Every query filters by orgId first (the
 * leading column of each index) and by the report's begin time.
 */
import { z } from "zod";

import { type OrgContext } from "../context.ts";

/** Window of every DMARC view, in days (reports cover one day each, typically). */
export const ZDmarcWindow = z.object({
  domain: z.string().trim().toLowerCase().max(253).optional(),
  days: z.number().int().min(1).max(10_000).default(30),
});

/** "Aligned" = DMARC pass: the aligned DKIM or the aligned SPF result passed (RFC 7489 §6.6.2). */
const ALIGNED = `("dkimAligned" = 'pass' or "spfAligned" = 'pass')`;

function since(days: number): Date {
  return new Date(Date.now() - days * 86_400_000);
}

const n = (v: bigint | number | null | undefined): number => Number(v ?? 0);
const pct = (part: number, total: number): number | null => (total > 0 ? Math.round((part / total) * 10_000) / 100 : null);

export async function dmarcOverview(ctx: OrgContext, input: z.input<typeof ZDmarcWindow>) {
  const { domain, days } = ZDmarcWindow.parse(input);
  const from = since(days);
  const domainFilter = domain ?? null;
  const domains = await ctx.db.$queryRawUnsafe<
    { domain: string; total: bigint; aligned: bigint; dkim: bigint; spf: bigint; quarantined: bigint; rejected: bigint; sources: bigint }[]
  >(
    `select domain, sum(count) as total, sum(count) filter (where ${ALIGNED}) as aligned,
            sum(count) filter (where "dkimAligned" = 'pass') as dkim, sum(count) filter (where "spfAligned" = 'pass') as spf,
            sum(count) filter (where disposition = 'quarantine') as quarantined, sum(count) filter (where disposition = 'reject') as rejected,
            count(distinct "sourceIp") as sources
       from "DmarcRecord" where "orgId" = $1 and "beginAt" >= $2 and ($3::text is null or domain = $3)
      group by domain order by total desc limit 200`,
    ctx.orgId,
    from,
    domainFilter,
  );
  const series = await ctx.db.$queryRawUnsafe<{ day: Date; total: bigint; aligned: bigint; dkim: bigint; spf: bigint }[]>(
    `select date_trunc('day', "beginAt") as day, sum(count) as total, sum(count) filter (where ${ALIGNED}) as aligned,
            sum(count) filter (where "dkimAligned" = 'pass') as dkim, sum(count) filter (where "spfAligned" = 'pass') as spf
       from "DmarcRecord" where "orgId" = $1 and "beginAt" >= $2 and ($3::text is null or domain = $3)
      group by 1 order by 1`,
    ctx.orgId,
    from,
    domainFilter,
  );
  // The policy each domain publishes, from its most recent report.
  const policies = await ctx.db.dmarcReport.findMany({
    where: { orgId: ctx.orgId, beginAt: { gte: from }, ...(domain ? { domain } : {}) },
    select: { domain: true, p: true, sp: true, pct: true, adkim: true, aspf: true, beginAt: true },
    orderBy: { beginAt: "desc" },
    distinct: ["domain"],
  });
  const policyOf = new Map(policies.map((p) => [p.domain, p]));
  const reports = await ctx.db.dmarcReport.count({ where: { orgId: ctx.orgId, beginAt: { gte: from }, ...(domain ? { domain } : {}) } });
  return {
    reports,
    domains: domains.map((d) => ({
      domain: d.domain,
      total: n(d.total),
      aligned: n(d.aligned),
      compliancePct: pct(n(d.aligned), n(d.total)),
      dkimPassPct: pct(n(d.dkim), n(d.total)),
      spfPassPct: pct(n(d.spf), n(d.total)),
      quarantined: n(d.quarantined),
      rejected: n(d.rejected),
      sources: n(d.sources),
      policy: policyOf.get(d.domain) ?? null,
    })),
    series: series.map((s) => ({
      day: s.day.toISOString().slice(0, 10),
      total: n(s.total),
      aligned: n(s.aligned),
      compliancePct: pct(n(s.aligned), n(s.total)),
      dkim: n(s.dkim),
      spf: n(s.spf),
    })),
  };
}

export interface DmarcSource {
  sourceIp: string;
  total: number;
  aligned: number;
  compliancePct: number | null;
  dkimAlignedPass: number;
  spfAlignedPass: number;
  dkimAuthPass: number;
  spfAuthPass: number;
  none: number;
  quarantine: number;
  reject: number;
  overrides: number;
  headerFroms: string[];
  ptr: string | null;
  provider: string | null;
  /** The IP is in the organization's SendingIp list. */
  known: boolean;
}

export async function dmarcSources(ctx: OrgContext, input: z.input<typeof ZDmarcWindow> & { limit?: number }): Promise<DmarcSource[]> {
  const { domain, days } = ZDmarcWindow.parse(input);
  const limit = Math.min(Math.max(input.limit ?? 200, 1), 1000);
  const rows = await ctx.db.$queryRawUnsafe<
    {
      sourceIp: string;
      total: bigint;
      aligned: bigint;
      dkim: bigint;
      spf: bigint;
      dkimAuth: bigint;
      spfAuth: bigint;
      none: bigint;
      quarantine: bigint;
      reject: bigint;
      overrides: bigint;
      headerFroms: string[];
      ptr: string | null;
      provider: string | null;
      known: boolean;
    }[]
  >(
    `select r."sourceIp", sum(r.count) as total, sum(r.count) filter (where ${ALIGNED}) as aligned,
            sum(r.count) filter (where r."dkimAligned" = 'pass') as dkim, sum(r.count) filter (where r."spfAligned" = 'pass') as spf,
            sum(r.count) filter (where 'pass' = any(r."dkimResults")) as "dkimAuth", sum(r.count) filter (where 'pass' = any(r."spfResults")) as "spfAuth",
            sum(r.count) filter (where coalesce(r.disposition, 'none') = 'none') as none, sum(r.count) filter (where r.disposition = 'quarantine') as quarantine,
            sum(r.count) filter (where r.disposition = 'reject') as reject, sum(r.count) filter (where cardinality(r.reasons) > 0) as overrides,
            (array_agg(distinct r."headerFrom"))[1:5] as "headerFroms", max(r.ptr) as ptr, max(r.provider) as provider,
            exists (select 1 from "SendingIp" s where s."orgId" = $1 and s.address = r."sourceIp") as known
       from "DmarcRecord" r where r."orgId" = $1 and r."beginAt" >= $2 and ($3::text is null or r.domain = $3)
      group by r."sourceIp" order by total desc limit $4`,
    ctx.orgId,
    since(days),
    domain ?? null,
    limit,
  );
  return rows.map((r) => ({
    sourceIp: r.sourceIp,
    total: n(r.total),
    aligned: n(r.aligned),
    compliancePct: pct(n(r.aligned), n(r.total)),
    dkimAlignedPass: n(r.dkim),
    spfAlignedPass: n(r.spf),
    dkimAuthPass: n(r.dkimAuth),
    spfAuthPass: n(r.spfAuth),
    none: n(r.none),
    quarantine: n(r.quarantine),
    reject: n(r.reject),
    overrides: n(r.overrides),
    headerFroms: r.headerFroms.filter((h): h is string => typeof h === "string"),
    ptr: r.ptr,
    provider: r.provider,
    known: r.known,
  }));
}

export async function dmarcReporters(ctx: OrgContext, input: z.input<typeof ZDmarcWindow>) {
  const { domain, days } = ZDmarcWindow.parse(input);
  const rows = await ctx.db.$queryRawUnsafe<{ reporter: string; reports: bigint; total: bigint; aligned: bigint; last: Date }[]>(
    `select p."reporterOrg" as reporter, count(distinct p.id) as reports, coalesce(sum(r.count), 0) as total,
            coalesce(sum(r.count) filter (where (r."dkimAligned" = 'pass' or r."spfAligned" = 'pass')), 0) as aligned, max(p."endAt") as last
       from "DmarcReport" p left join "DmarcRecord" r on r."reportId" = p.id and r."orgId" = p."orgId"
      where p."orgId" = $1 and p."beginAt" >= $2 and ($3::text is null or p.domain = $3)
      group by p."reporterOrg" order by total desc limit 200`,
    ctx.orgId,
    since(days),
    domain ?? null,
  );
  return rows.map((r) => ({
    reporter: r.reporter,
    reports: n(r.reports),
    total: n(r.total),
    aligned: n(r.aligned),
    compliancePct: pct(n(r.aligned), n(r.total)),
    lastReportEnd: r.last,
  }));
}

export const ZDmarcRecords = ZDmarcWindow.extend({
  sourceIp: z.string().trim().max(64),
  limit: z.number().int().min(1).max(500).default(100),
});

/** Drill-down: the records of one source IP (optionally one domain), newest first. */
export async function dmarcRecords(ctx: OrgContext, input: z.input<typeof ZDmarcRecords>) {
  const { domain, days, sourceIp, limit } = ZDmarcRecords.parse(input);
  return ctx.db.dmarcRecord.findMany({
    where: { orgId: ctx.orgId, sourceIp, beginAt: { gte: since(days) }, ...(domain ? { domain } : {}) },
    orderBy: { beginAt: "desc" },
    take: limit,
    select: {
      id: true,
      beginAt: true,
      endAt: true,
      domain: true,
      count: true,
      disposition: true,
      dkimAligned: true,
      spfAligned: true,
      reasons: true,
      headerFrom: true,
      envelopeFrom: true,
      dkimDomains: true,
      dkimSelectors: true,
      dkimResults: true,
      spfDomains: true,
      spfScopes: true,
      spfResults: true,
      ptr: true,
      provider: true,
      report: { select: { reporterOrg: true, reportId: true } },
    },
  });
}

/** Thresholds of the p=none → quarantine verdict. */
export const VERDICT_WINDOW_DAYS = 14;
/** Share of the domain's mail that must pass DMARC before quarantining the rest is safe. */
export const VERDICT_MIN_COMPLIANCE_PCT = 98;
/** An unknown source carrying at least this share of the volume might be a legitimate sender not yet set up. */
export const VERDICT_HIGH_VOLUME_SHARE_PCT = 1;
/** Days with reports needed before any verdict: a few days say nothing about monthly senders. */
export const VERDICT_MIN_DAYS_WITH_DATA = 7;

export const ZDmarcVerdict = z.object({ domain: z.string().trim().toLowerCase().min(1).max(253) });

export async function dmarcVerdict(ctx: OrgContext, input: z.input<typeof ZDmarcVerdict>) {
  const { domain } = ZDmarcVerdict.parse(input);
  const overview = await dmarcOverview(ctx, { domain, days: VERDICT_WINDOW_DAYS });
  const summary = overview.domains[0];
  const sources = await dmarcSources(ctx, { domain, days: VERDICT_WINDOW_DAYS, limit: 1000 });
  const total = summary?.total ?? 0;
  // Unknown, high-volume and mostly failing: quarantine would hit it. If it is a real sender, fix it first.
  const blockers = sources.filter(
    (s) => !s.known && total > 0 && (s.total / total) * 100 >= VERDICT_HIGH_VOLUME_SHARE_PCT && s.aligned < s.total,
  );
  const reasons: string[] = [];
  if (overview.series.length < VERDICT_MIN_DAYS_WITH_DATA)
    reasons.push(
      `Only ${overview.series.length} day(s) of reports in the last ${VERDICT_WINDOW_DAYS}; wait for at least ${VERDICT_MIN_DAYS_WITH_DATA}.`,
    );
  if ((summary?.compliancePct ?? 0) < VERDICT_MIN_COMPLIANCE_PCT)
    reasons.push(`${summary?.compliancePct ?? 0}% of mail passes DMARC; at least ${VERDICT_MIN_COMPLIANCE_PCT}% is needed.`);
  for (const b of blockers.slice(0, 5))
    reasons.push(
      `Unknown source ${b.sourceIp} sends ${pct(b.total, total)}% of the mail and fails DMARC for ${b.total - b.aligned} messages: authorize it (SPF/DKIM) or confirm it is abuse.`,
    );
  return {
    domain,
    policy: summary?.policy ?? null,
    windowDays: VERDICT_WINDOW_DAYS,
    total,
    compliancePct: summary?.compliancePct ?? null,
    daysWithData: overview.series.length,
    unknownHighVolumeSources: blockers.map((b) => ({ sourceIp: b.sourceIp, total: b.total, aligned: b.aligned })),
    ready: reasons.length === 0,
    reasons,
  };
}
