/**
 * Runs the DNS engine for one sending domain or IP of an organization and stores what it found: the
 * check row (grades, worst finding, the full result), the drift against the previous stored result,
 * and the next check time — in one transaction, so a crash leaves either all of it or none.
 */
import { performance } from "node:perf_hooks";

import {
  checkDomain,
  checkIp,
  diffCheckResults,
  type DnsResolver,
  type DriftEvent,
  type Finding,
  lookupAllVia,
  unknownChecksDrift,
} from "@inboxwatch/deliverability/dns";
import { createPinnedHttpsFetcher, type HttpsFetcher } from "@inboxwatch/deliverability/net";
import { type Prisma } from "@inboxwatch/db";

import { type OrgContext } from "../context.ts";
import { NotFoundError } from "../errors.ts";
import { metrics } from "../metrics/registry.ts";
import { platformDns, type PlatformDns } from "../net/platform-dns.ts";
import { listBannerObservations } from "./banners.ts";
import { getCatalogueOverrides } from "./blocklists.ts";
import { jsonInput, readJson } from "../json/column.ts";
import { ZStoredDomainCheck, ZStoredIpCheck } from "../json/schemas.ts";

/** DNS authentication records change rarely; four runs a day catch drift within hours. */
export const DNS_AUTH_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** Blocklist listings come and go within hours; hourly keeps the reaction time short without hammering lists. */
export const DNSBL_INTERVAL_MS = 60 * 60 * 1000;

export interface DnsCheckDeps {
  resolver: DnsResolver;
  /** MTA-STS policy fetcher; default: pinned HTTPS through the egress guard, resolving via `resolver`. */
  fetcher?: HttpsFetcher;
  now?: () => Date;
}

/** The resolver and MTA-STS fetcher of the checks: the platform's one resolver (DNS_SERVERS), shared cache. */
export function createDnsCheckDeps(dns: PlatformDns = platformDns()): DnsCheckDeps {
  return { resolver: dns.resolver, fetcher: createPinnedHttpsFetcher({ lookupAll: dns.lookupAll }) };
}

/** Counts the lookups one run asks for, even when the resolver is shared by concurrent runs. */
function counting(resolver: DnsResolver): { resolver: DnsResolver; count: () => number } {
  let n = 0;
  return {
    resolver: {
      query(name, type) {
        n++;
        return resolver.query(name, type);
      },
    },
    count: () => n,
  };
}

function worstColumns(worst: Finding | undefined) {
  return { worstSeverity: worst?.severity ?? null, worstCode: worst?.code ?? null, worstMessage: worst?.message ?? null };
}

function driftRows(
  events: DriftEvent[],
  base: { orgId: string; at: Date } & (
    { subjectType: "DOMAIN"; domainId: string; domainCheckId: string } | { subjectType: "IP"; ipId: string; ipCheckId: string }
  ),
) {
  return events.map((e) => ({
    ...base,
    type: e.type,
    check: e.check,
    severity: e.severity,
    message: e.message,
    ...(e.before !== undefined ? { before: e.before as Prisma.InputJsonValue } : {}),
    ...(e.after !== undefined ? { after: e.after as Prisma.InputJsonValue } : {}),
  }));
}

export async function runDomainCheck(ctx: OrgContext, input: { id: string }, deps: DnsCheckDeps = defaultDeps()) {
  const domain = await ctx.db.sendingDomain.findFirst({
    where: { id: input.id, orgId: ctx.orgId },
    select: { id: true, domain: true, dkimSelectors: true },
  });
  if (!domain) throw new NotFoundError("Domain");
  // SPF is graded against the IPs that send for this domain; a domain with none linked falls back to
  // every IP of the organization (and the SPF finding says so), as before links existed.
  const [linked, overrides] = await Promise.all([
    ctx.db.sendingIp.findMany({
      where: { orgId: ctx.orgId, domains: { some: { orgId: ctx.orgId, domainId: domain.id } } },
      select: { address: true },
      orderBy: { address: "asc" },
    }),
    getCatalogueOverrides(ctx),
  ]);
  const ips =
    linked.length > 0
      ? linked
      : await ctx.db.sendingIp.findMany({ where: { orgId: ctx.orgId }, select: { address: true }, orderBy: { address: "asc" } });
  const { resolver, count } = counting(deps.resolver);
  const started = performance.now();
  const result = await checkDomain(domain.domain, resolver, {
    dkimSelectors: domain.dkimSelectors,
    ips: ips.map((i) => i.address),
    ipsLinked: linked.length > 0,
    fetcher: deps.fetcher ?? createPinnedHttpsFetcher({ lookupAll: lookupAllVia(resolver) }),
    dnsbl: overrides,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const durationMs = Math.round(performance.now() - started);
  metrics().dnsChecks.inc({ subject: "domain", grade: result.grade ?? "unknown" });
  const checkedAt = new Date(result.checkedAt);
  const g = result.grades;
  return ctx.db.$transaction(async (tx) => {
    const previous = await tx.domainCheck.findFirst({
      where: { orgId: ctx.orgId, domainId: domain.id },
      orderBy: { checkedAt: "desc" },
      select: { id: true, result: true },
    });
    const row = await tx.domainCheck.create({
      data: {
        orgId: ctx.orgId,
        domainId: domain.id,
        checkedAt,
        grade: result.grade,
        mxGrade: g.mx ?? null,
        spfGrade: g.spf ?? null,
        dkimGrade: g.dkim ?? null,
        dmarcGrade: g.dmarc ?? null,
        bimiGrade: g.bimi ?? null,
        mtaStsGrade: g.mtaSts ?? null,
        tlsRptGrade: g.tlsRpt ?? null,
        dnsblGrade: g.dnsbl ?? null,
        spfLookups: result.checks.spf.dnsLookups,
        ...worstColumns(result.worst),
        result: jsonInput(result),
        queryCount: count(),
        durationMs,
      },
      select: { id: true, checkedAt: true, grade: true },
    });
    // The first run has nothing to diff against, but a check that could not run is news even then (alerts).
    const events = previous
      ? diffCheckResults(readJson(ZStoredDomainCheck, previous.result, `DomainCheck ${previous.id}.result`), result)
      : unknownChecksDrift(undefined, result);
    if (events.length > 0) {
      await tx.dnsDriftEvent.createMany({
        data: driftRows(events, { orgId: ctx.orgId, at: checkedAt, subjectType: "DOMAIN", domainId: domain.id, domainCheckId: row.id }),
      });
    }
    await tx.sendingDomain.update({
      where: { id: domain.id, orgId: ctx.orgId },
      data: { lastCheckedAt: checkedAt, nextCheckAt: new Date(checkedAt.getTime() + DNS_AUTH_INTERVAL_MS) },
    });
    return { ...row, drift: events.length };
  });
}

export async function runIpCheck(ctx: OrgContext, input: { id: string }, deps: DnsCheckDeps = defaultDeps()) {
  const ip = await ctx.db.sendingIp.findFirst({
    where: { id: input.id, orgId: ctx.orgId },
    select: { id: true, address: true, expectedHelo: true },
  });
  if (!ip) throw new NotFoundError("IP address");
  const [overrides, banners] = await Promise.all([
    getCatalogueOverrides(ctx),
    listBannerObservations(ctx, { address: ip.address, now: deps.now?.() }),
  ]);
  const { resolver, count } = counting(deps.resolver);
  const started = performance.now();
  const result = await checkIp(ip.address, resolver, {
    ...(ip.expectedHelo ? { expectedHelo: ip.expectedHelo } : {}),
    banners,
    dnsbl: overrides,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const durationMs = Math.round(performance.now() - started);
  metrics().dnsChecks.inc({ subject: "ip", grade: result.grade ?? "unknown" });
  const checkedAt = new Date(result.checkedAt);
  const { rdns, dnsbl } = result.checks;
  return ctx.db.$transaction(async (tx) => {
    const previous = await tx.ipCheck.findFirst({
      where: { orgId: ctx.orgId, ipId: ip.id },
      orderBy: { checkedAt: "desc" },
      select: { id: true, result: true },
    });
    const row = await tx.ipCheck.create({
      data: {
        orgId: ctx.orgId,
        ipId: ip.id,
        checkedAt,
        grade: result.grade,
        rdnsGrade: rdns.grade,
        dnsblGrade: dnsbl.grade,
        ptr: rdns.ptrNames[0] ?? null,
        fcrdns: rdns.fcrdns,
        listedCount: dnsbl.listedCount,
        listedScore: dnsbl.score,
        ...worstColumns(result.worst),
        result: jsonInput(result),
        queryCount: count(),
        durationMs,
      },
      select: { id: true, checkedAt: true, grade: true },
    });
    const events = previous
      ? diffCheckResults(readJson(ZStoredIpCheck, previous.result, `IpCheck ${previous.id}.result`), result)
      : unknownChecksDrift(undefined, result);
    if (events.length > 0) {
      await tx.dnsDriftEvent.createMany({
        data: driftRows(events, { orgId: ctx.orgId, at: checkedAt, subjectType: "IP", ipId: ip.id, ipCheckId: row.id }),
      });
    }
    await tx.sendingIp.update({
      where: { id: ip.id, orgId: ctx.orgId },
      data: { lastCheckedAt: checkedAt, nextCheckAt: new Date(checkedAt.getTime() + DNSBL_INTERVAL_MS) },
    });
    return { ...row, drift: events.length };
  });
}

/** The platform resolver, shared by every run in this process that brings no resolver of its own. */
function defaultDeps(): DnsCheckDeps {
  return createDnsCheckDeps();
}
