// DNS authentication and reputation engine: the resolver, each check (pure, resolver injected),
// the whole-domain/IP runs and drift between two results. See README.md for the rules.
export * from "./bimi.ts";
export * from "./check-domain.ts";
export * from "./diff.ts";
export * from "./dkim.ts";
export * from "./dmarc.ts";
export * from "./dnsbl/index.ts";
export * from "./findings.ts";
export * from "./lookup-all.ts";
export * from "./mta-sts.ts";
export * from "./mx.ts";
export * from "./names.ts";
export * from "./rdns.ts";
export * from "./resolver.ts";
export * from "./spf/index.ts";
export * from "./tls-rpt.ts";
export * from "./types.ts";
export {
  startTestDnsServer,
  type TestDnsServer,
  type TestDnsServerOptions,
  type TestZone,
  type TestDnsFaults,
  type ZoneNode,
} from "./testing/index.ts";
