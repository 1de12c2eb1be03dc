/**
 * DNS checks benchmark against the loopback authoritative server (loopback only, bounded loops):
 *  (a) one IP against 50 blocklists vs one single query (target ≤ 3×);
 *  (b) the full check of one domain: wall time and queries, concurrent vs serial (concurrency 1);
 *  (c) 1,000 domains with bounded concurrency: domains per second (anchor: the same run serially on 50).
 * Run: npx tsx bench/dns-checks/index.ts
 */
import https from "node:https";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

import {
  checkDnsbl,
  checkDomain,
  createResolver,
  DEFAULT_BLOCKLISTS,
  lookupAllVia,
  mapLimit,
  type StubResolver,
} from "../../packages/deliverability/src/dns/index.ts";
import { checkFixtures, startTestDnsServer, type TestZone } from "../../packages/deliverability/src/dns/testing/index.ts";
import { createPinnedHttpsFetcher, parseAllowlist } from "../../packages/deliverability/src/net/index.ts";
import selfsigned from "selfsigned";

const ROUNDS = 15;
const DOMAINS = 1_000;
const DOMAIN_CONCURRENCY = 32;
const SERIAL_ANCHOR_DOMAINS = 50;
/** A typical round trip to a DNSBL's servers over the internet. */
const SIMULATED_RTT_MS = 20;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

function benchZone(): TestZone {
  const zone: TestZone = { ...checkFixtures().zone };
  for (let i = 0; i < DOMAINS; i++) {
    const d = `d${i}.bench.test`;
    zone[d] = { MX: [{ preference: 10, exchange: `mx.${d}` }], TXT: [`v=spf1 ip4:192.0.2.${i % 250}/32 include:_spf.provider.test -all`] };
    zone[`mx.${d}`] = { A: [`192.0.2.${i % 250}`] };
    zone[`_dmarc.${d}`] = { TXT: [`v=DMARC1; p=${i % 3 === 0 ? "none" : "reject"}; rua=mailto:dmarc@${d}`] };
    zone[`_smtp._tls.${d}`] = { TXT: [`v=TLSRPTv1; rua=mailto:tls@${d}`] };
  }
  return zone;
}

const zone = benchZone();
const server = await startTestDnsServer(zone);
const fresh = (extra: { cache?: boolean } = {}): StubResolver => createResolver({ servers: [server.address], timeoutMs: 2_000, retries: 0, ...extra });

// (a) one IP against 50 blocklists vs one query: first with the instant in-process server (pure CPU
// cost), then with a simulated 20 ms round trip, the situation concurrency is for.
const lists = DEFAULT_BLOCKLISTS.filter((l) => l.kind === "ip").slice(0, 50);
for (const delayMs of [0, SIMULATED_RTT_MS]) {
  server.setZone(zone, { delayMs });
  const single: number[] = [];
  const fifty: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    single.push((await time(() => fresh({ cache: false }).query(`${i}.2.0.192.zen.spamhaus.org`, "A")))[0]);
    fifty.push((await time(() => checkDnsbl(`192.0.2.${i}`, fresh({ cache: false }), { catalogue: lists })))[0]);
  }
  const [aSingle, aFifty] = [median(single), median(fifty)];
  console.log(`(a) RTT ${String(delayMs).padStart(2)} ms: 1 IP x ${lists.length} blocklists ${aFifty.toFixed(2)} ms   one query ${aSingle.toFixed(2)} ms   ratio ${(aFifty / aSingle).toFixed(2)}x (target <= 3x)`);
}
server.setZone(zone);

// (b) full check of one domain, with MTA-STS fetched from a local HTTPS server.
const pems = selfsigned.generate([{ name: "commonName", value: "mta-sts.good.test" }], {
  keySize: 2048,
  algorithm: "sha256",
  extensions: [{ name: "basicConstraints", cA: true }, { name: "subjectAltName", altNames: [{ type: 2, value: "mta-sts.good.test" }] }],
});
const web = https.createServer({ key: pems.private, cert: pems.cert }, (_req, res) =>
  res.writeHead(200, { "content-type": "text/plain" }).end("version: STSv1\nmode: enforce\nmx: *.good.test\nmax_age: 604800\n"),
);
await new Promise<void>((r) => web.listen(0, "127.0.0.1", () => r()));
type Run = { ms: number; queries: number; lookups: number };
const fullCheck = async (concurrency: number | undefined, cache: boolean): Promise<Run> => {
  const resolver = fresh({ cache });
  // Loopback is opened explicitly, like EGRESS_ALLOW in tests.
  const fetcher = createPinnedHttpsFetcher({ lookupAll: lookupAllVia(resolver), ca: pems.cert, portOverride: (web.address() as AddressInfo).port, policy: { allow: parseAllowlist("127.0.0.0/8") } });
  const [ms] = await time(() => checkDomain("good.test", resolver, { fetcher, ...(concurrency ? { concurrency } : {}), ips: ["192.0.2.10"] }));
  return { ms, queries: resolver.stats.queries, lookups: resolver.stats.lookups };
};
const summary = (rs: Run[]) => ({ ms: median(rs.map((r) => r.ms)), queries: median(rs.map((r) => r.queries)), lookups: median(rs.map((r) => r.lookups)) });
console.log(`(b) full check of good.test (MX, SPF + 1 IP evaluated, DKIM ${""}discovery, DMARC, BIMI, MTA-STS over HTTPS, TLS-RPT, ${DEFAULT_BLOCKLISTS.filter((l) => l.kind === "domain").length} domain DNSBLs):`);
for (const delayMs of [0, SIMULATED_RTT_MS]) {
  server.setZone(zone, { delayMs });
  const runs = { concurrent: [] as Run[], serial: [] as Run[], serialNoCache: [] as Run[] };
  for (let i = 0; i < (delayMs ? 5 : ROUNDS); i++) {
    runs.concurrent.push(await fullCheck(undefined, true));
    runs.serial.push(await fullCheck(1, true));
    runs.serialNoCache.push(await fullCheck(1, false));
  }
  const [bc, bs, bn] = [summary(runs.concurrent), summary(runs.serial), summary(runs.serialNoCache)];
  console.log(`    RTT ${String(delayMs).padStart(2)} ms  concurrent ${bc.ms.toFixed(1)} ms, ${bc.queries} queries (${bc.lookups} lookups) | serial (concurrency 1) ${bs.ms.toFixed(1)} ms, ${bs.queries} queries | ratio ${(bs.ms / bc.ms).toFixed(2)}x faster | serial without cache ${bn.queries} queries`);
}
await new Promise<void>((r) => web.close(() => r()));

// (c) 1,000 domains with bounded concurrency; anchor: a few domains one after another.
const names = Array.from({ length: DOMAINS }, (_, i) => `d${i}.bench.test`);
for (const [delayMs, anchorCount] of [[0, SERIAL_ANCHOR_DOMAINS], [SIMULATED_RTT_MS, 10]] as const) {
  server.setZone(zone, { delayMs });
  const bulk = fresh();
  const [cMs, results] = await time(() => mapLimit(names, DOMAIN_CONCURRENCY, (d) => checkDomain(d, bulk, {})));
  const serial = fresh();
  const [sMs] = await time(async () => {
    for (const d of names.slice(0, anchorCount)) await checkDomain(d, serial, { concurrency: 1 });
  });
  const rate = DOMAINS / (cMs / 1000);
  const serialRate = anchorCount / (sMs / 1000);
  const temperrors = results.filter((r) => Object.values(r.checks as unknown as Record<string, { status: string } | undefined>).some((c) => c?.status === "temperror")).length;
  console.log(
    `(c) RTT ${String(delayMs).padStart(2)} ms  ${DOMAINS} domains, concurrency ${DOMAIN_CONCURRENCY}: ${(cMs / 1000).toFixed(2)} s = ${rate.toFixed(0)} domains/s, ${bulk.stats.queries} queries, ${bulk.stats.timeouts} timeouts, ${temperrors} domains with temperror | serial anchor (${anchorCount} domains) ${serialRate.toFixed(1)} domains/s | ratio ${(rate / serialRate).toFixed(1)}x`,
  );
}
console.log(`    DNS server answered ${server.queryCount} queries in total`);
await server.close();
