/** Reading stored checks: latest result and history per domain/IP, the organization-wide table, drift. */
import { z } from "zod";

import { type OrgContext } from "../context.ts";
import { NotFoundError } from "../errors.ts";
import { readJson } from "../json/column.ts";
import { ZStoredDomainCheck, ZStoredIpCheck } from "../json/schemas.ts";

/** History points shown on a health page: 30 days of 6-hourly domain checks. */
export const DNS_HISTORY_LIMIT = 120;
/** Drift events shown at once; older ones are paged with `before`. */
export const DNS_DRIFT_PAGE = 100;

export const ZDnsHistoryInput = z.object({
  id: z.string().min(1).max(40),
  limit: z.number().int().min(1).max(DNS_HISTORY_LIMIT).default(30),
});
export const ZDriftInput = z.object({
  domainId: z.string().min(1).max(40).optional(),
  ipId: z.string().min(1).max(40).optional(),
  before: z.date().optional(),
  limit: z.number().int().min(1).max(DNS_DRIFT_PAGE).default(50),
});

const summary = {
  id: true,
  checkedAt: true,
  grade: true,
  worstSeverity: true,
  worstCode: true,
  worstMessage: true,
  queryCount: true,
  durationMs: true,
} as const;
const domainSummary = {
  ...summary,
  mxGrade: true,
  spfGrade: true,
  dkimGrade: true,
  dmarcGrade: true,
  bimiGrade: true,
  mtaStsGrade: true,
  tlsRptGrade: true,
  dnsblGrade: true,
  spfLookups: true,
} as const;
const ipSummary = { ...summary, rdnsGrade: true, dnsblGrade: true, ptr: true, fcrdns: true, listedCount: true, listedScore: true } as const;
const driftSelect = {
  id: true,
  subjectType: true,
  domainId: true,
  ipId: true,
  at: true,
  type: true,
  check: true,
  severity: true,
  message: true,
  before: true,
  after: true,
} as const;

export async function getDomainHealth(ctx: OrgContext, input: z.input<typeof ZDnsHistoryInput>) {
  const { id, limit } = ZDnsHistoryInput.parse(input);
  const domain = await ctx.db.sendingDomain.findFirst({
    where: { id, orgId: ctx.orgId },
    select: { id: true, domain: true, dkimSelectors: true, lastCheckedAt: true, nextCheckAt: true },
  });
  if (!domain) throw new NotFoundError("Domain");
  const [latest, history, drift] = await Promise.all([
    ctx.db.domainCheck.findFirst({
      where: { orgId: ctx.orgId, domainId: id },
      orderBy: { checkedAt: "desc" },
      select: { ...domainSummary, result: true },
    }),
    ctx.db.domainCheck.findMany({
      where: { orgId: ctx.orgId, domainId: id },
      orderBy: { checkedAt: "desc" },
      take: limit,
      select: domainSummary,
    }),
    ctx.db.dnsDriftEvent.findMany({
      where: { orgId: ctx.orgId, domainId: id },
      orderBy: { at: "desc" },
      take: DNS_DRIFT_PAGE,
      select: driftSelect,
    }),
  ]);
  return {
    domain,
    latest: latest ? { ...latest, result: readJson(ZStoredDomainCheck, latest.result, `DomainCheck ${latest.id}.result`) } : null,
    history,
    drift,
  };
}

export async function getIpHealth(ctx: OrgContext, input: z.input<typeof ZDnsHistoryInput>) {
  const { id, limit } = ZDnsHistoryInput.parse(input);
  const ip = await ctx.db.sendingIp.findFirst({
    where: { id, orgId: ctx.orgId },
    select: { id: true, address: true, pool: true, expectedHelo: true, lastCheckedAt: true, nextCheckAt: true },
  });
  if (!ip) throw new NotFoundError("IP address");
  const [latest, history, drift] = await Promise.all([
    ctx.db.ipCheck.findFirst({
      where: { orgId: ctx.orgId, ipId: id },
      orderBy: { checkedAt: "desc" },
      select: { ...ipSummary, result: true },
    }),
    ctx.db.ipCheck.findMany({ where: { orgId: ctx.orgId, ipId: id }, orderBy: { checkedAt: "desc" }, take: limit, select: ipSummary }),
    ctx.db.dnsDriftEvent.findMany({
      where: { orgId: ctx.orgId, ipId: id },
      orderBy: { at: "desc" },
      take: DNS_DRIFT_PAGE,
      select: driftSelect,
    }),
  ]);
  return {
    ip,
    latest: latest ? { ...latest, result: readJson(ZStoredIpCheck, latest.result, `IpCheck ${latest.id}.result`) } : null,
    history,
    drift,
  };
}

/** Every domain and IP of the organization with its latest grade and worst finding (the Health table). */
export async function listHealth(ctx: OrgContext) {
  const [domains, ips] = await Promise.all([
    ctx.db.sendingDomain.findMany({
      where: { orgId: ctx.orgId },
      orderBy: { domain: "asc" },
      select: {
        id: true,
        domain: true,
        lastCheckedAt: true,
        nextCheckAt: true,
        checks: { where: { orgId: ctx.orgId }, orderBy: { checkedAt: "desc" }, take: 1, select: domainSummary },
      },
    }),
    ctx.db.sendingIp.findMany({
      where: { orgId: ctx.orgId },
      orderBy: { address: "asc" },
      select: {
        id: true,
        address: true,
        pool: true,
        lastCheckedAt: true,
        nextCheckAt: true,
        checks: { where: { orgId: ctx.orgId }, orderBy: { checkedAt: "desc" }, take: 1, select: ipSummary },
      },
    }),
  ]);
  return {
    domains: domains.map(({ checks, ...d }) => ({ ...d, latest: checks[0] ?? null })),
    ips: ips.map(({ checks, ...i }) => ({ ...i, latest: checks[0] ?? null })),
  };
}

/** The drift timeline, newest first: the organization's, or one domain's or IP's. */
export async function listDrift(ctx: OrgContext, input: z.input<typeof ZDriftInput> = {}) {
  const data = ZDriftInput.parse(input);
  if (data.domainId && !(await ctx.db.sendingDomain.findFirst({ where: { id: data.domainId, orgId: ctx.orgId }, select: { id: true } })))
    throw new NotFoundError("Domain");
  if (data.ipId && !(await ctx.db.sendingIp.findFirst({ where: { id: data.ipId, orgId: ctx.orgId }, select: { id: true } })))
    throw new NotFoundError("IP address");
  return ctx.db.dnsDriftEvent.findMany({
    where: {
      orgId: ctx.orgId,
      ...(data.domainId ? { domainId: data.domainId } : {}),
      ...(data.ipId ? { ipId: data.ipId } : {}),
      ...(data.before ? { at: { lt: data.before } } : {}),
    },
    orderBy: { at: "desc" },
    take: data.limit,
    select: { ...driftSelect, domain: { select: { domain: true } }, ip: { select: { address: true } } },
  });
}
