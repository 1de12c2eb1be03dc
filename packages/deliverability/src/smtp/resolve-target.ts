/**
 * Target → addresses to dial, with the egress guard applied to every address BEFORE any socket exists.
 * A mail domain goes through MX (RFC 5321 §5.1: by preference; no MX → the domain itself, "implicit
 * MX"; a temporary MX failure must not fall back to A). A null MX (RFC 7505) ends the probe as
 * `rejected` 556 5.1.10, the reply RFC 7505 §4.2 tells a sender to synthesise.
 */
import { checkAddress, type EgressPolicy } from "../net/egress-guard.ts";
import { parseIpLiteral } from "../net/ip-literal.ts";
import { PROBE_MAX_MX_HOSTS } from "./limits.ts";
import { type DnsResolution, type MxRecord, type ProbeOutcome, type ResolvedHost, type TargetKind } from "./types.ts";

/** The shape of node:dns/promises (its error codes too); production passes probeResolverVia(stub resolver). */
export interface ProbeResolver {
  resolveMx(domain: string): Promise<{ exchange: string; priority: number }[]>;
  resolve4(host: string): Promise<string[]>;
  resolve6(host: string): Promise<string[]>;
}

export interface DialCandidate {
  host: string;
  address: string;
}

export type TargetResolution =
  { ok: true; dns: DnsResolution; candidates: DialCandidate[] } | { ok: false; dns: DnsResolution; outcome: ProbeOutcome };

/** "No such record" answers: the name is fine, the record type is not there. */
const NO_DATA = new Set(["ENODATA", "ENOTFOUND", "NOTFOUND", "ENONAME"]);
const TIMED_OUT = "ETIMEOUT";

class DnsTimeout extends Error {
  code = TIMED_OUT;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DnsTimeout(`DNS query not answered within ${ms} ms`)), Math.max(0, ms));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | undefined)?.code ?? String(err);
}

async function resolveHost(
  host: string,
  preference: number | null,
  resolver: ProbeResolver,
  policy: EgressPolicy,
  timeoutMs: number,
): Promise<ResolvedHost> {
  const [v4, v6] = await Promise.allSettled([
    withTimeout(resolver.resolve4(host), timeoutMs),
    withTimeout(resolver.resolve6(host), timeoutMs),
  ]);
  // IPv4 first: a prober without IPv6 reachability would otherwise fail dual-stack hosts.
  const found = [...(v4.status === "fulfilled" ? v4.value : []), ...(v6.status === "fulfilled" ? v6.value : [])];
  const errors = [v4, v6].filter((r) => r.status === "rejected").map((r) => errorCode(r.reason));
  const resolved: ResolvedHost = { host, preference, addresses: [], blocked: [], error: null };
  for (const address of found) {
    const verdict = checkAddress(address, policy);
    if (verdict.allowed) resolved.addresses.push(verdict.address);
    else resolved.blocked.push({ address: verdict.address, reason: verdict.reason });
  }
  if (found.length === 0) resolved.error = errors.find((c) => !NO_DATA.has(c)) ?? errors[0] ?? "no A/AAAA records";
  return resolved;
}

export async function resolveTarget(
  rawHost: string,
  kind: TargetKind,
  resolver: ProbeResolver,
  policy: EgressPolicy,
  timeoutMs: number,
): Promise<TargetResolution> {
  const host = rawHost
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  // Every literal form (inet_aton "127.1", zone ids) is an address, judged as the one a dialer would reach.
  if (parseIpLiteral(host)) {
    const verdict = checkAddress(host, policy);
    const resolved: ResolvedHost = { host, preference: null, addresses: [], blocked: [], error: null };
    if (verdict.allowed) resolved.addresses.push(verdict.address);
    else resolved.blocked.push({ address: verdict.address, reason: verdict.reason });
    return finish({ resolvedAs: "ip", mx: null, nullMx: false, hosts: [resolved] });
  }

  let mx: MxRecord[] | null = null;
  if (kind !== "host") {
    try {
      mx = (await withTimeout(resolver.resolveMx(host), timeoutMs))
        .map((r): MxRecord => ({ exchange: r.exchange.replace(/\.$/, "").toLowerCase(), preference: r.priority }))
        .sort((a, b) => a.preference - b.preference || a.exchange.localeCompare(b.exchange));
    } catch (err) {
      const code = errorCode(err);
      if (!NO_DATA.has(code)) {
        const dnsInfo: DnsResolution = { resolvedAs: "domain", mx: null, nullMx: false, hosts: [] };
        return { ok: false, dns: dnsInfo, outcome: dnsFailure(code, `MX lookup for ${host} failed: ${code}`) };
      }
      mx = [];
    }
  }

  // RFC 7505 §3: a null MX is a single record with preference 0 and exchange "." (Node gives "").
  const usable = (mx ?? []).filter((r) => r.exchange !== "");
  if (mx && mx.length > 0 && usable.length === 0) {
    const dnsInfo: DnsResolution = { resolvedAs: "domain", mx, nullMx: true, hosts: [] };
    return {
      ok: false,
      dns: dnsInfo,
      outcome: {
        kind: "rejected",
        phase: "dns",
        code: 556,
        enhancedCode: "5.1.10",
        message: `${host} publishes a null MX (RFC 7505): it accepts no mail`,
      },
    };
  }
  const names = usable.length > 0 ? usable.slice(0, PROBE_MAX_MX_HOSTS) : [{ exchange: host, preference: null }];
  const hosts = await Promise.all(names.map((r) => resolveHost(r.exchange, r.preference, resolver, policy, timeoutMs)));
  return finish({ resolvedAs: usable.length > 0 ? "domain" : "host", mx, nullMx: false, hosts });
}

function finish(dnsInfo: DnsResolution): TargetResolution {
  const candidates = dnsInfo.hosts.flatMap((h) => h.addresses.map((address) => ({ host: h.host, address })));
  if (candidates.length > 0) return { ok: true, dns: dnsInfo, candidates };
  const blocked = dnsInfo.hosts.flatMap((h) => h.blocked.map((b) => `${b.address} (${b.reason})`));
  if (blocked.length > 0) {
    return {
      ok: false,
      dns: dnsInfo,
      outcome: { kind: "blocked_by_policy", phase: "dns", message: `egress policy refuses ${blocked.join(", ")}` },
    };
  }
  const errors = dnsInfo.hosts.map((h) => `${h.host}: ${h.error ?? "no addresses"}`).join("; ");
  const code = dnsInfo.hosts.map((h) => h.error ?? "").find((c) => c && !NO_DATA.has(c)) ?? "ENOTFOUND";
  return { ok: false, dns: dnsInfo, outcome: dnsFailure(code, `no address to dial: ${errors}`) };
}

/**
 * DNS failures in RFC 3463 terms: a name that does not exist is 5.1.2 (bad destination system); a
 * lookup that failed for now (SERVFAIL, refused) is 4.4.3 (directory server failure); a lookup that
 * took too long is a `timeout` in phase dns.
 */
function dnsFailure(code: string, message: string): ProbeOutcome {
  if (code === TIMED_OUT) return { kind: "timeout", phase: "dns", message };
  if (NO_DATA.has(code)) return { kind: "rejected", phase: "dns", code: 550, enhancedCode: "5.1.2", message };
  return { kind: "rejected", phase: "dns", code: 451, enhancedCode: "4.4.3", message };
}
