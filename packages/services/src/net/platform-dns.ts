/**
 * The platform's one DNS resolver. Every lookup the platform makes — DNS and blocklist checks, MX sets,
 * SMTP probe targets, MTA-STS policy hosts, webhook/Slack/Teams hosts, IMAP hosts, DMARC source names —
 * goes through the stub resolver configured here by DNS_SERVERS and DNS_QUERY_TIMEOUT_MS, so an
 * operator who points DNS_SERVERS at their own recursive resolver gets it everywhere, and the egress
 * guard checks the same answers the checks see. No code path uses node:dns (getaddrinfo) directly.
 *
 * One instance per process (its TTL cache is shared by every job); a changed configuration (tests set
 * DNS_SERVERS per file) builds a new one.
 */
import { createResolver, type DnsResolver, lookupAllVia } from "@inboxwatch/deliverability/dns";
import { type LookupAll } from "@inboxwatch/deliverability/net";
import { probeResolverVia, type ProbeResolver } from "@inboxwatch/deliverability/smtp";

import { dnsEnv } from "../env.ts";

export interface PlatformDnsConfig {
  /** `host:port` upstreams; empty = the system's resolvers (/etc/resolv.conf). */
  servers?: readonly string[];
  /** Per query; one retry follows a timeout. */
  timeoutMs?: number;
}

/** One resolver in the three shapes its consumers take. */
export interface PlatformDns {
  /** DNS checks, MX sets, source names. */
  resolver: DnsResolver;
  /** The egress guard's A/AAAA lookup (webhooks, IMAP, MTA-STS). */
  lookupAll: LookupAll;
  /** SMTP probe target resolution (MX, A, AAAA). */
  probeResolver: ProbeResolver;
}

export function createPlatformDns(config: PlatformDnsConfig = {}): PlatformDns {
  const servers = (config.servers ?? []).map((s) => s.trim()).filter(Boolean);
  const resolver = createResolver({
    ...(servers.length > 0 ? { servers } : {}),
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
  });
  return { resolver, lookupAll: lookupAllVia(resolver), probeResolver: probeResolverVia(resolver) };
}

let current: { key: string; dns: PlatformDns } | undefined;

/** The process's resolver as DNS_SERVERS / DNS_QUERY_TIMEOUT_MS configure it. */
export function platformDns(): PlatformDns {
  const config = dnsEnv();
  const key = `${config.servers.join(",")}|${config.timeoutMs}`;
  if (current?.key !== key) current = { key, dns: createPlatformDns(config) };
  return current.dns;
}
