/**
 * DNS checks benchmark against the loopback authoritative server, run in a separate process (server.ts)
 * so its CPU is not charged to the client (loopback only, bounded loops):
 *  (a) one IP against 50 blocklists vs one single query (target ≤ 3×);
 *  (b) the full check of one domain: wall time and queries, concurrent vs serial (concurrency 1);
 *  (c) 1,000 domains with bounded concurrency: domains per second (anchor: the same run serially on 50).
 * Run: npx tsx bench/dns-checks/index.ts [--parts a,b,c]
 */
import { fork } from "node:child_process";
import dgram from "node:dgram";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

import {
  checkDnsbl,
  checkEntries,
  checkDomain,
  createResolver,
  DEFAULT_BLOCKLISTS,
  lookupAllVia,
  mapLimit,
  type StubResolver,
} from "../../packages/deliverability/src/dns/index.ts";
import { createPinnedHttpsFetcher, parseAllowlist } from "../../packages/deliverability/src/net/index.ts";
import dnsPacket from "dns-packet";
import selfsigned from "selfsigned";
import { startRbldnsd } from "./rbldnsd.ts";
import { DOMAINS } from "./zone.ts";

const ROUNDS = 15;
/** (a) is cheap: more rounds give a stable median of sub-millisecond figures. */
const ROUNDS_A = 200;
/** Round trips typical of DNSBL servers seen from a mail host: a nearby anycast node, a distant one. */
const SIMULATED_RTTS_MS = [5, 20] as const;
/** Bounds the wait for the server process to start or answer a command. */
const SERVER_PROCESS_TIMEOUT_MS = 30_000;
const DOMAIN_CONCURRENCY = 32;
const SERIAL_ANCHOR_DOMAINS = 50;
const SIMULATED_RTT_MS = 20;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

interface ServerProcess {
  address: string;
  setDelay(delayMs: number): Promise<void>;
  queryCount(): Promise<number>;
  close(): Promise<void>;
}

/** Forks server.ts and talks to it over IPC, one command at a time. */
async function startServerProcess(): Promise<ServerProcess> {
  const child = fork(new URL("./server.ts", import.meta.url), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = <T>(pick: (msg: Record<string, unknown>) => T | undefined): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("DNS server process did not answer")), SERVER_PROCESS_TIMEOUT_MS);
      const onMessage = (msg: Record<string, unknown>) => {
        const value = pick(msg);
        if (value === undefined) return;
        clearTimeout(timer);
        child.off("message", onMessage);
        resolve(value);
      };
      child.on("message", onMessage);
    });
  const address = await next((m) => (typeof m.address === "string" ? m.address : undefined));
  return {
    address,
    async setDelay(delayMs) {
      const done = next((m) => (m.ok === true ? true : undefined));
      child.send({ delayMs });
      await done;
    },
    async queryCount() {
      const count = next((m) => (typeof m.count === "number" ? m.count : undefined));
      child.send("count");
      return count;
    },
    async close() {
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.send("close");
      await exited;
    },
  };
}

/**
 * The floor for (a): a bare client that sends pre-built packets over one connected socket and only
 * counts replies (no parsing, no interpretation). What it takes is the cost of the datagrams themselves
 * (kernel, loopback, the server process), which no DNSBL client can go below.
 */
async function bareClient(address: string, names: string[]): Promise<void> {
  const [host = "127.0.0.1", port = "53"] = address.split(":");
  const packets = names.map((name, id) =>
    dnsPacket.encode({ type: "query", id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: "A", name, class: "IN" }] }),
  );
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((r) => socket.connect(Number(port), host, () => r()));
  let answered = 0;
  await new Promise<void>((resolve) => {
    socket.on("message", () => ++answered === packets.length && resolve());
    for (const p of packets) socket.send(p);
  });
  socket.close();
}

const { values: args } = parseArgs({ options: { parts: { type: "string", default: "a,b,c" } } });
const parts = new Set(args.parts.split(","));
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
console.log(`${os.cpus().length} cores, load average ${load()} (1/5/15 min); DNS server in a separate process`);
const server = await startServerProcess();
const fresh = (extra: { cache?: boolean } = {}): StubResolver =>
  createResolver({ servers: [server.address], timeoutMs: 2_000, retries: 0, ...extra });

// (a) one IP against 50 blocklists vs one query: first with the server answering at once (the
// client's own cost, no latency to overlap), then with round trips typical of DNSBLs. Both sides use a
// fresh resolver without cache, so each pays for its socket; rounds alternate so load hits both alike.
if (parts.has("a")) {
  const lists = DEFAULT_BLOCKLISTS.filter((l) => l.kind === "ip" && l.enabled !== false).slice(0, 50);
  const measure = async (address: string, label: string, rounds: number) => {
    const resolver = () => createResolver({ servers: [address], timeoutMs: 2_000, retries: 0, cache: false });
    const single: number[] = [];
    const fifty: number[] = [];
    const bareOne: number[] = [];
    const bareFifty: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const octet = i % 250;
      single.push((await time(() => resolver().query(`${octet}.2.0.192.zen.spamhaus.org`, "A")))[0]);
      fifty.push((await time(() => checkDnsbl(`192.0.2.${octet}`, resolver(), { catalogue: lists })))[0]);
      bareOne.push((await time(() => bareClient(address, [`${octet}.2.0.192.zen.spamhaus.org`])))[0]);
      bareFifty.push(
        (
          await time(() =>
            bareClient(
              address,
              lists.map((l) => `${octet}.2.0.192.${l.zone}`),
            ),
          )
        )[0],
      );
    }
    const [aSingle, aFifty, fOne, fFifty] = [median(single), median(fifty), median(bareOne), median(bareFifty)];
    console.log(
      `(a) ${label}: 1 IP x ${lists.length} blocklists ${aFifty.toFixed(2)} ms   one query ${aSingle.toFixed(2)} ms   ratio ${(aFifty / aSingle).toFixed(2)}x (target <= 3x)` +
        ` | floor (bare client) ${fFifty.toFixed(2)} / ${fOne.toFixed(2)} ms = ${(fFifty / fOne).toFixed(2)}x   load ${load()}`,
    );
  };
  for (const delayMs of [0, ...SIMULATED_RTTS_MS]) {
    await server.setDelay(delayMs);
    await measure(server.address, `test server, RTT ${String(delayMs).padStart(2)} ms`, delayMs === 0 ? ROUNDS_A : ROUNDS * 2);
  }
  await server.setDelay(0);
  // The same lists served by rbldnsd, the DNSBL operators' own server (C): its answers cost next to
  // nothing, so the instant figure is the client's cost alone.
  const rbldnsd = await startRbldnsd(lists.map((l) => l.zone));
  if (rbldnsd) {
    await measure(rbldnsd.address, "rbldnsd,     RTT  0 ms", ROUNDS_A);
    await rbldnsd.close();
  } else console.log("(a) rbldnsd: not installed (apt-get install rbldnsd) — skipped");
}

// (b) full check of one domain, with MTA-STS fetched from a local HTTPS server.
if (parts.has("b")) {
  const pems = selfsigned.generate([{ name: "commonName", value: "mta-sts.good.test" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "mta-sts.good.test" }] },
    ],
  });
  const web = https.createServer({ key: pems.private, cert: pems.cert }, (_req, res) =>
    res.writeHead(200, { "content-type": "text/plain" }).end("version: STSv1\nmode: enforce\nmx: *.good.test\nmax_age: 604800\n"),
  );
  await new Promise<void>((r) => web.listen(0, "127.0.0.1", () => r()));
  type Run = { ms: number; queries: number; lookups: number };
  const fullCheck = async (concurrency: number | undefined, cache: boolean): Promise<Run> => {
    const resolver = fresh({ cache });
    // Loopback is opened explicitly, like EGRESS_ALLOW in tests.
    const fetcher = createPinnedHttpsFetcher({
      lookupAll: lookupAllVia(resolver),
      ca: pems.cert,
      portOverride: (web.address() as AddressInfo).port,
      policy: { allow: parseAllowlist("127.0.0.0/8") },
    });
    const [ms] = await time(() =>
      checkDomain("good.test", resolver, { fetcher, ...(concurrency ? { concurrency } : {}), ips: ["192.0.2.10"] }),
    );
    return { ms, queries: resolver.stats.queries, lookups: resolver.stats.lookups };
  };
  const summary = (rs: Run[]) => ({
    ms: median(rs.map((r) => r.ms)),
    queries: median(rs.map((r) => r.queries)),
    lookups: median(rs.map((r) => r.lookups)),
  });
  console.log(
    `(b) full check of good.test (MX, SPF + 1 IP evaluated, DKIM ${""}discovery, DMARC, BIMI, MTA-STS over HTTPS, TLS-RPT, ${DEFAULT_BLOCKLISTS.filter((l) => l.kind === "domain").length} domain DNSBLs):`,
  );
  for (const delayMs of [0, SIMULATED_RTT_MS]) {
    await server.setDelay(delayMs);
    const runs = { concurrent: [] as Run[], serial: [] as Run[], serialNoCache: [] as Run[] };
    for (let i = 0; i < (delayMs ? 5 : ROUNDS); i++) {
      runs.concurrent.push(await fullCheck(undefined, true));
      runs.serial.push(await fullCheck(1, true));
      runs.serialNoCache.push(await fullCheck(1, false));
    }
    const [bc, bs, bn] = [summary(runs.concurrent), summary(runs.serial), summary(runs.serialNoCache)];
    console.log(
      `    RTT ${String(delayMs).padStart(2)} ms  concurrent ${bc.ms.toFixed(1)} ms, ${bc.queries} queries (${bc.lookups} lookups) | serial (concurrency 1) ${bs.ms.toFixed(1)} ms, ${bs.queries} queries | ratio ${(bs.ms / bc.ms).toFixed(2)}x faster | serial without cache ${bn.queries} queries   load ${load()}`,
    );
  }
  await new Promise<void>((r) => web.close(() => r()));
}

// (c) 1,000 domains with bounded concurrency; anchor: a few domains one after another.
if (parts.has("c")) {
  const names = Array.from({ length: DOMAINS }, (_, i) => `d${i}.bench.test`);
  for (const [delayMs, anchorCount] of [
    [0, SERIAL_ANCHOR_DOMAINS],
    [SIMULATED_RTT_MS, 10],
  ] as const) {
    await server.setDelay(delayMs);
    const bulk = fresh();
    const [cMs, results] = await time(() => mapLimit(names, DOMAIN_CONCURRENCY, (d) => checkDomain(d, bulk, {})));
    const serial = fresh();
    const [sMs] = await time(async () => {
      for (const d of names.slice(0, anchorCount)) await checkDomain(d, serial, { concurrency: 1 });
    });
    const rate = DOMAINS / (cMs / 1000);
    const serialRate = anchorCount / (sMs / 1000);
    const temperrors = results.filter((r) => checkEntries(r).some(([, c]) => c.status === "temperror")).length;
    console.log(
      `(c) RTT ${String(delayMs).padStart(2)} ms  ${DOMAINS} domains, concurrency ${DOMAIN_CONCURRENCY}: ${(cMs / 1000).toFixed(2)} s = ${rate.toFixed(0)} domains/s, ${bulk.stats.queries} queries, ${bulk.stats.timeouts} timeouts, ${temperrors} domains with temperror | serial anchor (${anchorCount} domains) ${serialRate.toFixed(1)} domains/s | ratio ${(rate / serialRate).toFixed(1)}x   load ${load()}`,
    );
  }
}
console.log(`    DNS server answered ${await server.queryCount()} queries in total`);
await server.close();
