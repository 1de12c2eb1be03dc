/**
 * The `reports.name-sources` verb: PTR and provider names for the DMARC source IPs of an organization,
 * run as its own job after a report is parsed so parsing stays fast. A PTR counts only when it is
 * forward-confirmed (the name resolves back to the IP, FCrDNS): anyone can publish any PTR for their own
 * addresses, so an unconfirmed "mail-xx.google.com" proves nothing.
 *
 * Names are cached per (organization, IP) in ReportSourceName until `expiresAt`; records of new reports
 * for a cached IP are named from the cache without a lookup.
 */
import ipaddr from "ipaddr.js";

import { type DnsResolver, reverseName } from "@inboxwatch/deliverability/dns";

import { providerOf } from "./source-providers.ts";
import { type SystemContext } from "../context.ts";

/** IPs named per job run: bounds one run; a report with more is finished by the next report's run. */
export const SOURCE_NAMES_PER_RUN = 500;
/** Lookups in flight at once: keeps a resolver (and the DNS upstream) from being flooded by one big report. */
export const SOURCE_NAMES_CONCURRENCY = 8;
/** PTRs change rarely; a week keeps a provider switch visible within the reporting periods people look at. */
export const SOURCE_NAME_TTL_MS = 7 * 24 * 3_600_000;
/** A lookup that failed (timeout, SERVFAIL) is retried soon rather than cached as "no name". */
export const SOURCE_NAME_RETRY_TTL_MS = 3_600_000;
/** PTR names per IP checked for forward confirmation (RFC 1035 allows many; real senders have one). */
const PTR_NAMES_CHECKED = 3;

export interface SourceName {
  ip: string;
  ptr: string | null;
  provider: string | null;
  /** True when DNS failed: cache briefly. */
  transient: boolean;
}

/** Compares addresses in any notation (IPv6 compression, IPv4-mapped). */
function sameAddress(a: string, b: string): boolean {
  return ipaddr.isValid(a) && ipaddr.isValid(b) && ipaddr.process(a).toString() === ipaddr.process(b).toString();
}

/** Resolves one IP's verified PTR and names its provider. Network trouble is data (`transient`), never thrown. */
export async function resolveSourceName(ip: string, resolver: DnsResolver): Promise<SourceName> {
  let name: string;
  try {
    name = reverseName(ip);
  } catch {
    return { ip, ptr: null, provider: null, transient: false };
  }
  const ptr = await resolver.query(name, "PTR");
  if (ptr.kind === "error") return { ip, ptr: null, provider: providerOf(ip, null), transient: true };
  const family = ip.includes(":") ? "AAAA" : "A";
  let transient = false;
  for (const host of ptr.kind === "answer" ? ptr.records.slice(0, PTR_NAMES_CHECKED) : []) {
    const forward = await resolver.query(host, family);
    if (forward.kind === "error") transient = true;
    if (forward.kind === "answer" && forward.records.some((a) => sameAddress(a, ip))) {
      const bare = host.toLowerCase().replace(/\.$/, "");
      return { ip, ptr: bare, provider: providerOf(ip, bare), transient: false };
    }
  }
  return { ip, ptr: null, provider: providerOf(ip, null), transient };
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

export interface NameSourcesResult {
  resolved: number;
  fromCache: number;
  /** Records that received a name. */
  named: number;
}

/**
 * Names the organization's unnamed DMARC records: IPs with a fresh cache entry are named from it, the
 * others are looked up (bounded, concurrent) and cached. Idempotent: a second run finds nothing to do.
 */
export async function nameReportSources(
  ctx: SystemContext,
  input: { orgId: string },
  deps: { resolver: DnsResolver; now?: () => Date },
): Promise<NameSourcesResult> {
  const { orgId } = input;
  const now = deps.now?.() ?? new Date();
  // Unnamed records' IPs, except those cached as "no name" and still fresh (nothing to add to them).
  const { db } = ctx;
  const rows = await db.$queryRaw<{ ip: string; ptr: string | null; provider: string | null; expiresAt: Date | null }[]>`
    select distinct r."sourceIp" as ip, c.ptr, c.provider, c."expiresAt"
    from "DmarcRecord" r
    left join "ReportSourceName" c on c."orgId" = r."orgId" and c.ip = r."sourceIp"
    where r."orgId" = ${orgId} and r.ptr is null and r.provider is null
      and (c.ip is null or c."expiresAt" <= ${now} or c.ptr is not null or c.provider is not null)
    limit ${SOURCE_NAMES_PER_RUN}`;
  const cached = rows
    .filter((r) => r.expiresAt && r.expiresAt > now)
    .map((r) => ({ ip: r.ip, ptr: r.ptr, provider: r.provider, transient: false }));
  const toResolve = rows.filter((r) => !r.expiresAt || r.expiresAt <= now).map((r) => r.ip);
  const resolved = await mapLimited(toResolve, SOURCE_NAMES_CONCURRENCY, (ip) => resolveSourceName(ip, deps.resolver));

  if (resolved.length > 0) {
    const expires = resolved.map((r) => new Date(now.getTime() + (r.transient ? SOURCE_NAME_RETRY_TTL_MS : SOURCE_NAME_TTL_MS)));
    await db.$executeRaw`
      insert into "ReportSourceName" ("orgId", ip, ptr, provider, "resolvedAt", "expiresAt")
      select ${orgId}, * from unnest(${resolved.map((r) => r.ip)}::text[], ${resolved.map((r) => r.ptr)}::text[], ${resolved.map((r) => r.provider)}::text[],
        ${resolved.map(() => now)}::timestamp(3)[], ${expires}::timestamp(3)[])
      on conflict ("orgId", ip) do update set ptr = excluded.ptr, provider = excluded.provider, "resolvedAt" = excluded."resolvedAt", "expiresAt" = excluded."expiresAt"`;
  }
  const names = [...cached, ...resolved].filter((r) => r.ptr !== null || r.provider !== null);
  let named = 0;
  if (names.length > 0) {
    named = await db.$executeRaw`
      update "DmarcRecord" r set ptr = n.ptr, provider = n.provider
      from unnest(${names.map((n) => n.ip)}::text[], ${names.map((n) => n.ptr)}::text[], ${names.map((n) => n.provider)}::text[]) as n(ip, ptr, provider)
      where r."orgId" = ${orgId} and r."sourceIp" = n.ip and r.ptr is null and r.provider is null`;
  }
  return { resolved: resolved.length, fromCache: cached.length, named };
}
