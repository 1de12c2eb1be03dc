/**
 * SMTP probe benchmark (loopback only; bounded loops that stop by themselves).
 *  (a) median wall time of one full STARTTLS probe (connect, banner, EHLO, STARTTLS, handshake, EHLO,
 *      QUIT) vs `openssl s_client -starttls smtp` doing the same handshake; target ratio ≤ 1.2.
 *  (b) sustained probes/s at concurrency 50 for ~10 s; target ≥ 150/s on 2 cores.
 *  (c) peak RSS of this (probing) process during (b).
 * The smtp-server peer runs in a child process (SERVER_WORKERS=n for a cluster) so its CPU is not
 * charged to the prober. No TLS session reuse: every probe does a full handshake, as a real probe
 * must to see the certificate.
 * Run: npx tsx bench/smtp-probe/index.ts   (env: RUNS, CONCURRENCY, DURATION_MS, SERVER_WORKERS)
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";

import { parseAllowlist } from "../../packages/deliverability/src/net/egress-guard.ts";
import { probeSmtp, type ProbeResult } from "../../packages/deliverability/src/smtp/index.ts";
import { makeCertificate } from "../../packages/deliverability/src/smtp/test-peers.ts";

const RUNS = Number(process.env.RUNS ?? "20");
const CONCURRENCY = Number(process.env.CONCURRENCY ?? "50");
const DURATION_MS = Number(process.env.DURATION_MS ?? "10000");
const SERVER_WORKERS = Number(process.env.SERVER_WORKERS ?? "1");
const WARMUP = 3;
const policy = { allow: parseAllowlist("127.0.0.0/8") };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

async function startServer(): Promise<{ port: number; child: ChildProcess }> {
  const { key, cert } = makeCertificate("bench.example");
  const child = fork(path.join(import.meta.dirname, "server.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_KEY: key, BENCH_CERT: cert, SERVER_WORKERS: String(SERVER_WORKERS) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.on("message", (msg: { port?: number }) => msg.port !== undefined && resolve(msg.port));
  });
  return { port, child };
}

function serverCpu(child: ChildProcess): Promise<NodeJS.CpuUsage> {
  return new Promise((resolve) => {
    const onMessage = (msg: { cpu?: NodeJS.CpuUsage }): void => {
      if (!msg.cpu) return;
      child.off("message", onMessage);
      resolve(msg.cpu);
    };
    child.on("message", onMessage);
    child.send({ cpu: true });
  });
}

const probeOnce = (port: number): Promise<ProbeResult> =>
  probeSmtp({ host: "127.0.0.1", port, mode: "starttls" }, { egressPolicy: policy, helo: "bench.client" });

function opensslOnce(port: number): Promise<{ ms: number; ok: boolean }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn("openssl", ["s_client", "-starttls", "smtp", "-crlf", "-connect", `127.0.0.1:${port}`], {
      stdio: ["pipe", "pipe", "ignore"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stdin.end("QUIT\n");
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.on("close", () => {
      clearTimeout(kill);
      resolve({ ms: performance.now() - t0, ok: /Cipher is|New, TLSv/.test(out) });
    });
  });
}

/** Wall time of spawning openssl to do nothing: the part of the anchor's time that is process start. */
function opensslSpawnOnly(): Promise<number> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    spawn("openssl", ["version"], { stdio: "ignore" }).on("close", () => resolve(performance.now() - t0));
  });
}

async function partA(port: number): Promise<{ ours: number; theirs: number; spawn: number }> {
  const ours: number[] = [];
  const theirs: number[] = [];
  const spawnOnly: number[] = [];
  for (let i = 0; i < WARMUP; i += 1) await Promise.all([probeOnce(port), opensslOnce(port)]);
  for (let i = 0; i < RUNS; i += 1) {
    // Alternate so drift in machine load hits both sides alike.
    const t0 = performance.now();
    const r = await probeOnce(port);
    ours.push(performance.now() - t0);
    if (r.outcome.kind !== "ok") throw new Error(`probe failed: ${JSON.stringify(r.outcome)}`);
    const o = await opensslOnce(port);
    if (!o.ok) throw new Error("openssl s_client did not complete the STARTTLS handshake");
    theirs.push(o.ms);
    spawnOnly.push(await opensslSpawnOnly());
  }
  return { ours: median(ours), theirs: median(theirs), spawn: median(spawnOnly) };
}

async function partB(port: number, child: ChildProcess): Promise<void> {
  let done = 0;
  let ok = 0;
  const outcomes = new Map<string, number>();
  let peakRss = process.memoryUsage().rss;
  const rssBefore = peakRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const cpu0 = process.cpuUsage();
  const server0 = await serverCpu(child);
  const t0 = performance.now();
  const deadline = t0 + DURATION_MS;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const r = await probeOnce(port);
      done += 1;
      if (r.outcome.kind === "ok") ok += 1;
      else outcomes.set(r.outcome.kind, (outcomes.get(r.outcome.kind) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = performance.now() - t0;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const cpu = process.cpuUsage(cpu0);
  const server1 = await serverCpu(child);
  const pct = (u: NodeJS.CpuUsage): string => `${(((u.user + u.system) / 1000 / elapsed) * 100).toFixed(0)}%`;
  const serverUse = { user: server1.user - server0.user, system: server1.system - server0.system };
  console.log(
    `(b) concurrency ${CONCURRENCY} for ${(elapsed / 1000).toFixed(1)} s: ${done} probes, ${ok} ok${outcomes.size ? ` (others: ${JSON.stringify(Object.fromEntries(outcomes))})` : ""}`,
  );
  console.log(
    `    sustained ${(ok / (elapsed / 1000)).toFixed(0)} ok probes/s   target ≥ 150/s   ${ok / (elapsed / 1000) >= 150 ? "MET" : "NOT MET"}`,
  );
  const perProbe = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000 / Math.max(1, done);
  console.log(
    `    CPU: prober ${pct(cpu)} of one core, smtp-server (${SERVER_WORKERS} process${SERVER_WORKERS > 1 ? "es" : ""}) ${pct(serverUse)} of one core`,
  );
  console.log(
    `    CPU per probe: prober ${perProbe(cpu).toFixed(2)} ms (≈ ${(1000 / perProbe(cpu)).toFixed(0)} probes/s per core), smtp-server ${perProbe(serverUse).toFixed(2)} ms; load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`,
  );
  console.log(
    `(c) peak RSS of the probing process during (b): ${(peakRss / 2 ** 20).toFixed(0)} MiB (before: ${(rssBefore / 2 ** 20).toFixed(0)} MiB)`,
  );
}

async function main(): Promise<void> {
  const { port, child } = await startServer();
  try {
    console.log(
      `smtp-server (STARTTLS, self-signed RSA-2048) on 127.0.0.1:${port}, ${SERVER_WORKERS} process(es); node ${process.version}`,
    );
    const a = await partA(port);
    const ratio = a.ours / a.theirs;
    console.log(
      `(a) median full STARTTLS probe over ${RUNS} runs: inboxwatch ${a.ours.toFixed(1)} ms, openssl s_client ${a.theirs.toFixed(1)} ms`,
    );
    console.log(`    ratio ${ratio.toFixed(2)}   target ≤ 1.2   ${ratio <= 1.2 ? "MET" : "NOT MET"}`);
    // smtp-server holds every greeting ~100 ms (early-talker check), which dominates both sides.
    const adjusted = a.ours / Math.max(1, a.theirs - a.spawn);
    console.log(
      `    openssl process start alone: ${a.spawn.toFixed(1)} ms; ratio against openssl minus its start-up: ${adjusted.toFixed(2)}`,
    );
    await partB(port, child);
  } finally {
    child.disconnect();
    child.kill();
  }
}

await main();
