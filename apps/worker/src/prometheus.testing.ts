/**
 * A real Prometheus (Debian's /usr/bin/prometheus) for tests: started on a free loopback port with the
 * scrape jobs a test gives it (1 s interval), its PromQL answers read through the HTTP query API, stopped
 * with SIGTERM. Tests wait for answers with `eventually`, never a fixed sleep.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

import { eventually } from "./testing.ts";

export const PROMETHEUS = "/usr/bin/prometheus";
/** Prometheus's own start (TSDB open) plus a few 1 s scrapes, on a loaded CI machine. */
export const PROMQL_WAIT_MS = 20_000;

export interface ScrapeJob {
  name: string;
  port: number;
  /** Bearer credentials sent with every scrape. */
  credentials: string;
  metricsPath?: string;
}

export interface RunningPrometheus {
  url: string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export function assertPrometheusInstalled(): void {
  if (!fs.existsSync(PROMETHEUS)) {
    throw new Error(`Prometheus is not installed: these tests scrape with a real one. Install it with: apt-get install -y prometheus`);
  }
}

/** Starts Prometheus scraping `jobs` every second, with its config and data under `dir`. */
export async function startPrometheus(dir: string, jobs: readonly ScrapeJob[]): Promise<RunningPrometheus> {
  const port = await freePort();
  const config = [
    "global:",
    "  scrape_interval: 1s",
    "  scrape_timeout: 1s",
    "scrape_configs:",
    ...jobs.map((j) =>
      [
        `  - job_name: ${j.name}`,
        `    metrics_path: ${j.metricsPath ?? "/metrics"}`,
        `    authorization: { type: Bearer, credentials: "${j.credentials}" }`,
        `    static_configs: [{ targets: ["127.0.0.1:${j.port}"] }]`,
      ].join("\n"),
    ),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(dir, "prometheus.yml"), config);
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}: ${stderr}`);
      return fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
    }, PROMQL_WAIT_MS);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}

export interface PromqlReply {
  /** "success", or "error" with errorType "bad_data" for an expression Prometheus cannot parse (HTTP 400). */
  status: string;
  httpStatus: number;
  errorType?: string;
  error?: string;
  result: { metric: Record<string, string>; value: [number, string] }[];
}

/** An instant query through the HTTP API, answered as it is (errors included). */
export async function queryPrometheus(url: string, query: string): Promise<PromqlReply> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as Omit<PromqlReply, "httpStatus" | "result"> & { data?: { result?: PromqlReply["result"] } };
  return { status: body.status, httpStatus: res.status, errorType: body.errorType, error: body.error, result: body.data?.result ?? [] };
}

/** Waits until the first value of `query` is `expected` (scrapes land every second). */
export async function expectPromql(url: string, query: string, expected: number): Promise<void> {
  let last: number | null = null;
  try {
    await eventually(async () => {
      const reply = await queryPrometheus(url, query);
      if (reply.status !== "success") throw new Error(`PromQL ${query}: ${reply.error ?? reply.httpStatus}`);
      const first = reply.result[0];
      last = first ? Number(first.value[1]) : null;
      return last === expected;
    }, PROMQL_WAIT_MS);
  } catch (err) {
    throw new Error(`PromQL ${query}: expected ${expected}, last answer ${String(last)} (${String(err)})`);
  }
}
