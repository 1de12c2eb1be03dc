/**
 * DNS checks wired to the database (loopback only, bounded loops): what storing a check costs on top of
 * running the engine.
 *  (a) anchor: the engine alone (`checkDomain`) over N domains at bounded concurrency — domains/s;
 *  (b) ours: `runDomainCheck` over the same domains — engine + one transaction (check row, previous
 *      result read, drift diff, schedule update) — domains/s, first run and a second run that diffs;
 *  (c) one `dns.schedule` tick claiming and enqueueing every domain and IP (pg-boss jobs in the same
 *      transaction) — wall time.
 * Against the loopback test DNS server with a simulated 20 ms round trip, on an embedded PostgreSQL.
 * Run: npx tsx bench/dns-wiring/index.ts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import { checkDomain, createResolver, mapLimit } from "../../packages/deliverability/src/dns/index.ts";
import { checkFixtures, startTestDnsServer, type TestZone } from "../../packages/deliverability/src/dns/testing/index.ts";
import type { HttpsFetcher } from "../../packages/deliverability/src/net/index.ts";
import { createDb } from "../../packages/db/src/client.ts";
import { startEmbeddedPostgres } from "../../packages/db/src/embedded-postgres.ts";
import { migrate } from "../../packages/db/src/migrate.ts";
import { ensureQueues, PgBoss } from "../../packages/jobs/src/index.ts";
import { runDomainCheck } from "../../packages/services/src/dns-check/run.ts";
import { scheduleDueChecks } from "../../packages/services/src/dns-check/schedule.ts";
import { systemContext } from "@inboxwatch/services";

const DOMAINS = 200;
/** Fewer than DNS_SCHEDULE_BATCH, so one tick takes them all. */
const IPS = 50;
/** Sending IPs evaluated against every domain's SPF (a small organization). */
const SPF_IPS = 5;
const CONCURRENCY = 8;
/** A typical round trip to an authoritative server over the internet. */
const SIMULATED_RTT_MS = 20;

const zone: TestZone = { ...checkFixtures().zone };
for (let i = 0; i < DOMAINS; i++) {
  const d = `d${i}.wiring.test`;
  zone[d] = { MX: [{ preference: 10, exchange: `mx.${d}` }], TXT: [`v=spf1 ip4:192.0.2.${i % 250}/32 include:_spf.provider.test -all`] };
  zone[`mx.${d}`] = { A: [`192.0.2.${i % 250}`] };
  zone[`_dmarc.${d}`] = { TXT: [`v=DMARC1; p=${i % 3 === 0 ? "none" : "reject"}; rua=mailto:dmarc@${d}`] };
}
const dns = await startTestDnsServer(zone, { delayMs: SIMULATED_RTT_MS });
const noHttps: HttpsFetcher = () => Promise.resolve({ ok: false, kind: "network", message: "bench: no HTTPS" });
const freshResolver = () => createResolver({ servers: [dns.address], timeoutMs: 2_000, retries: 1 });

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-bench-dns-"));
const pg = await startEmbeddedPostgres({ dataDir, port: 0, ephemeral: true });
try {
  await pg.createDatabase("bench");
  const url = pg.url("bench");
  process.env.DATABASE_URL = url;
  await migrate(url);
  const boss = new PgBoss({ connectionString: url, supervise: false, schedule: false });
  await boss.start();
  await ensureQueues(boss);
  await boss.stop({ graceful: false, wait: true });
  const db = createDb(url, { max: CONCURRENCY + 2 });
  const org = await db.organization.create({ data: { name: "Bench", slug: "bench" } });
  const ipAddresses = Array.from({ length: IPS }, (_, i) => `198.51.100.${i + 1}`);
  await db.sendingIp.createMany({ data: ipAddresses.slice(0, SPF_IPS).map((address) => ({ orgId: org.id, address })) });
  await db.sendingDomain.createMany({
    data: Array.from({ length: DOMAINS }, (_, i) => ({ orgId: org.id, domain: `d${i}.wiring.test`, dkimSelectors: [] })),
  });
  const domains = await db.sendingDomain.findMany({ where: { orgId: org.id }, select: { id: true, domain: true } });
  const ctx = { db, orgId: org.id, actor: { type: "SYSTEM" as const, label: "bench" } };

  // Warm-up (JIT, connection pool) so neither side pays it: a few engine runs and a few queries.
  let resolver = freshResolver();
  await mapLimit(domains.slice(0, 20), CONCURRENCY, (d) => checkDomain(d.domain, resolver, { dkimSelectors: [], fetcher: noHttps }));
  await Promise.all(domains.slice(0, CONCURRENCY).map((d) => db.domainCheck.findFirst({ where: { orgId: org.id, domainId: d.id } })));

  // (a) the engine alone, same options as a stored run.
  resolver = freshResolver();
  let t0 = performance.now();
  await mapLimit(domains, CONCURRENCY, (d) =>
    checkDomain(d.domain, resolver, { dkimSelectors: [], ips: ipAddresses.slice(0, SPF_IPS), fetcher: noHttps, dnsbl: {} }),
  );
  const engineMs = performance.now() - t0;

  // (b) stored: first run (no previous result), then a second that reads and diffs the first.
  resolver = freshResolver();
  t0 = performance.now();
  await mapLimit(domains, CONCURRENCY, (d) => runDomainCheck(ctx, { id: d.id }, { resolver, fetcher: noHttps }));
  const firstMs = performance.now() - t0;
  resolver = freshResolver();
  t0 = performance.now();
  await mapLimit(domains, CONCURRENCY, (d) => runDomainCheck(ctx, { id: d.id }, { resolver, fetcher: noHttps }));
  const secondMs = performance.now() - t0;
  const stored = await db.domainCheck.count({ where: { orgId: org.id } });

  // (c) one scheduler tick over every domain and IP (all made due).
  await db.sendingIp.createMany({ data: ipAddresses.slice(SPF_IPS).map((address) => ({ orgId: org.id, address })) });
  await db.sendingDomain.updateMany({ where: { orgId: org.id }, data: { nextCheckAt: null } });
  t0 = performance.now();
  const tick = await scheduleDueChecks(systemContext(db, "bench"), { now: new Date() });
  const tickMs = performance.now() - t0;

  const rate = (ms: number) => (DOMAINS / (ms / 1000)).toFixed(1);
  console.log(
    `DNS checks wired to PostgreSQL — ${DOMAINS} domains, concurrency ${CONCURRENCY}, ${SIMULATED_RTT_MS} ms simulated RTT, ${SPF_IPS} SPF IPs each`,
  );
  console.log(`(a) anchor, engine only:        ${engineMs.toFixed(0)} ms  ${rate(engineMs)} domains/s`);
  console.log(
    `(b) runDomainCheck, first run:  ${firstMs.toFixed(0)} ms  ${rate(firstMs)} domains/s  (${(firstMs / engineMs).toFixed(2)}× the engine)`,
  );
  console.log(
    `    runDomainCheck, with diff:  ${secondMs.toFixed(0)} ms  ${rate(secondMs)} domains/s  (${(secondMs / engineMs).toFixed(2)}× the engine); ${stored} checks stored`,
  );
  console.log(`(c) dns.schedule tick: ${tick.domains} domains + ${tick.ips} IPs claimed and enqueued in ${tickMs.toFixed(0)} ms`);
  await db.$disconnect();
} finally {
  await dns.close();
  await pg.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
