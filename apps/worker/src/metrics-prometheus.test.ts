/**
 * The operator metrics as an operator sees them: a real Prometheus (Debian's `prometheus`) scrapes the
 * worker's health port and the web app's /metrics handler (served by node:http, with a REST route beside
 * it) with the bearer token every second, and PromQL answers match the work done here: jobs run, jobs
 * failed, jobs queued for later, REST requests answered, reports received. A missing or wrong token is a
 * 401 from both, and Prometheus marks a target scraping with a wrong token as down.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createRestRoutes } from "@inboxwatch/api";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { PgBoss, sendJob } from "@inboxwatch/jobs";
import { type OrgContext } from "@inboxwatch/services";
import { metricsEndpoint } from "@inboxwatch/services/metrics";
import { ingestReport } from "@inboxwatch/services/reports";

import { eventually } from "./testing.ts";
import { startWorker, type RunningWorker } from "./worker.ts";

const PROMETHEUS = "/usr/bin/prometheus";
const TOKEN = "metrics-test-token-0123456789abcdef";
/** Prometheus's own start (TSDB open, first rule evaluation) plus a few 1 s scrapes. */
const PROMQL_WAIT_MS = 20_000;
/** A test waits for at most a few answers, each within PROMQL_WAIT_MS on a loaded CI machine. */
const TEST_TIMEOUT_MS = 90_000;

let t: TestDatabase;
let worker: RunningWorker;
let web: http.Server;
let webPort: number;
let prometheus: ChildProcess;
let promUrl: string;
let tmp: string;
let boss: PgBoss;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** The web app's handlers behind node:http, as Next would call them: /metrics and one REST route. */
async function startWeb(db: TestDatabase["db"]): Promise<http.Server> {
  const scrape = metricsEndpoint({ token: () => TOKEN });
  const rest = createRestRoutes({ db: () => db, currentUser: async () => null, clientIp: () => "127.0.0.1" });
  const server = http.createServer((req, res) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method, headers });
    const pathname = new URL(request.url).pathname;
    const answer =
      pathname === "/metrics"
        ? scrape(request)
        : pathname === "/api/v1/organization"
          ? rest.getOrganization(request, { params: Promise.resolve({}) })
          : Promise.resolve(new Response(null, { status: 404 }));
    void answer.then(async (r) => {
      res.writeHead(r.status, Object.fromEntries(r.headers)).end(Buffer.from(await r.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

async function startPrometheus(targets: { worker: number; web: number }): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const job = (name: string, target: number, credentials: string) =>
    [
      `  - job_name: ${name}`,
      `    authorization: { type: Bearer, credentials: "${credentials}" }`,
      `    static_configs: [{ targets: ["127.0.0.1:${target}"] }]`,
    ].join("\n");
  const config = [
    "global:",
    "  scrape_interval: 1s",
    "  scrape_timeout: 1s",
    "scrape_configs:",
    job("worker", targets.worker, TOKEN),
    job("web", targets.web, TOKEN),
    job("web-wrong-token", targets.web, "not-the-token"),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(tmp, "prometheus.yml"), config);
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${path.join(tmp, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(tmp, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}: ${stderr}`);
    return fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
  }, PROMQL_WAIT_MS);
  return { child, url };
}

/** The one value of an instant PromQL query, or null while it has no series. */
async function promql(query: string): Promise<number | null> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { status: string; error?: string; data: { result: { value: [number, string] }[] } };
  if (body.status !== "success") throw new Error(`PromQL ${query}: ${body.error ?? res.status}`);
  const [first] = body.data.result;
  return first ? Number(first.value[1]) : null;
}

/** Waits until `query` answers `expected` (scrapes land every second). */
async function expectPromql(query: string, expected: number): Promise<void> {
  let last: number | null = null;
  try {
    await eventually(async () => {
      last = await promql(query);
      return last === expected;
    }, PROMQL_WAIT_MS);
  } catch {
    throw new Error(`PromQL ${query}: expected ${expected}, last answer ${String(last)}`);
  }
}

beforeAll(async () => {
  if (!fs.existsSync(PROMETHEUS)) {
    throw new Error(`Prometheus is not installed: these tests scrape with a real one. Install it with: apt-get install -y prometheus`);
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "inboxwatch-prometheus-"));
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  worker = await startWorker({ db: t.db, databaseUrl: t.url, healthPort: 0, concurrency: 1, metricsToken: TOKEN, log: () => {} });
  web = await startWeb(t.db);
  webPort = (web.address() as net.AddressInfo).port;
  boss = new PgBoss({ connectionString: t.url, max: 1 });
  await boss.start();
  ({ child: prometheus, url: promUrl } = await startPrometheus({ worker: worker.healthPort, web: webPort }));
});

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus.once("exit", resolve));
    prometheus.kill("SIGTERM");
    await exited;
  }
  await boss?.stop({ graceful: false });
  await worker?.stop();
  await new Promise<void>((resolve) => (web ? web.close(() => resolve()) : resolve()));
  await t?.drop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("metrics scraped by a real Prometheus", { timeout: TEST_TIMEOUT_MS }, () => {
  it("refuses a scrape without the token or with a wrong one (401) on both endpoints", async () => {
    for (const port of [worker.healthPort, webPort]) {
      const none = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toContain("Bearer");
      const wrong = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: "Bearer not-the-token" } });
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).toBe("");
      const right = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(right.status).toBe(200);
      expect(right.headers.get("content-type")).toContain("text/plain");
    }
  });

  it("shows the wrong-token target down and the two others up", async () => {
    await eventually(async () => {
      const res = await fetch(`${promUrl}/api/v1/targets`);
      const body = (await res.json()) as { data: { activeTargets: { labels: { job: string }; health: string; lastError: string }[] } };
      const health = Object.fromEntries(body.data.activeTargets.map((a) => [a.labels.job, a]));
      return health.worker?.health === "up" && health.web?.health === "up" && health["web-wrong-token"]?.health === "down" ? health : null;
    }, PROMQL_WAIT_MS).then((health) => expect(health["web-wrong-token"]?.lastError).toContain("401"));
  });

  it("counts the jobs a queue ran and the failed run of another, and their durations", async () => {
    for (let i = 0; i < 3; i++) await sendJob("audit.retention", { olderThanDays: 30 }, { boss });
    // A payload the handler's schema refuses (sent around sendJob's own check): one failed run, no retry.
    await boss.send("reports.name-sources", { orgId: 42 }, { retryLimit: 0 });
    await eventually(async () => {
      const [row] = await t.db.$queryRaw<{ done: number }[]>`
        select count(*)::int as done from pgboss.job where name = 'audit.retention' and state = 'completed'`;
      return row?.done === 3;
    });
    await expectPromql('inboxwatch_job_duration_seconds_count{job="worker",queue="audit.retention"}', 3);
    await expectPromql('inboxwatch_job_failures_total{job="worker",queue="reports.name-sources"}', 1);
    // A histogram Prometheus can take quantiles of: the three runs are in its +Inf bucket.
    await expectPromql('inboxwatch_job_duration_seconds_bucket{job="worker",queue="audit.retention",le="+Inf"}', 3);
  });

  it("reads queue depth at scrape time: two jobs queued for later are waiting, none of them late", async () => {
    for (const to of ["a@metrics.test", "b@metrics.test"])
      await sendJob("mail.send", { to, sealed: null }, { boss, startAfterSeconds: 3600 });
    await expectPromql('inboxwatch_queue_depth{job="worker",queue="mail.send"}', 2);
    await expectPromql('inboxwatch_queue_oldest_job_age_seconds{job="worker",queue="mail.send"}', 0);
    // Every queue of the registry has a series, 0 when empty.
    await expectPromql('inboxwatch_queue_depth{job="web",queue="probes.run"}', 0);
  });

  it("labels REST latency by the route template and status class", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`http://127.0.0.1:${webPort}/api/v1/organization`);
      expect(res.status).toBe(401);
    }
    await expectPromql(
      'sum(inboxwatch_http_request_duration_seconds_count{job="web",method="GET",route="/api/v1/organization",status_class="4xx"})',
      3,
    );
  });

  it("counts report intake by channel and result, then the worker's processing", async () => {
    const org = await t.db.organization.create({ data: { name: "Metrics", slug: "metrics-test-org" } });
    const ctx: OrgContext = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
    const bytes = new TextEncoder().encode("not a report at all");
    await ingestReport(ctx, { bytes, channel: "API" });
    await ingestReport(ctx, { bytes, channel: "API" });
    await expectPromql('inboxwatch_report_intake_total{job="worker",channel="API",result="stored"}', 1);
    await expectPromql('inboxwatch_report_intake_total{job="worker",channel="API",result="duplicate"}', 1);
    await expectPromql('sum(inboxwatch_reports_processed_total{job="worker"})', 1);
  });

  it("exposes the process and pool metrics: event-loop lag, memory, database connections", async () => {
    await eventually(async () => ((await promql('nodejs_eventloop_lag_seconds{job="worker"}')) ?? -1) >= 0, PROMQL_WAIT_MS);
    await eventually(async () => ((await promql('process_resident_memory_bytes{job="worker"}')) ?? 0) > 0, PROMQL_WAIT_MS);
    await eventually(async () => ((await promql('inboxwatch_db_pool_connections{job="worker"}')) ?? 0) >= 1, PROMQL_WAIT_MS);
    await eventually(async () => (await promql('inboxwatch_db_pool_waiting_clients{job="worker"}')) === 0, PROMQL_WAIT_MS);
  });
});
