/**
 * The per-organization metrics as a customer's Prometheus sees them: a real Prometheus scrapes GET
 * /api/v1/metrics (the REST handler behind node:http) with an API key as bearer credentials, once for each
 * of two organizations with known data, and PromQL answers are the fixture's figures (accepted rate for one
 * provider, open incidents, uptime); one organization's job never holds the other's series. Every
 * expression of the shipped Grafana dashboards is sent to Prometheus's query API: each must parse (a 400
 * "bad_data" is invalid PromQL), and each of the customer dashboard's answers a series for the organization.
 */
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createRestRoutes } from "@inboxwatch/api";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { createApiKey } from "@inboxwatch/services/apikey";
import { expectedOrgMetrics, seedOrgMetrics } from "@inboxwatch/services/metrics-testing";

import { readDashboards, withGrafanaVariables } from "./grafana-dashboards.testing.ts";
import {
  assertPrometheusInstalled,
  expectPromql,
  PROMQL_WAIT_MS,
  queryPrometheus,
  type RunningPrometheus,
  startPrometheus,
} from "./prometheus.testing.ts";
import { eventually } from "./testing.ts";

/** A few answers per test, each within PROMQL_WAIT_MS on a loaded machine. */
const TEST_TIMEOUT_MS = 90_000;
const A = expectedOrgMetrics("prom-org-a");
const B = expectedOrgMetrics("prom-org-b");

let t: TestDatabase;
let web: http.Server;
let prometheus: RunningPrometheus;
let tmp: string;

/** The REST handler of /api/v1/metrics behind node:http, as Next would call it. */
async function startWeb(db: TestDatabase["db"]): Promise<http.Server> {
  const rest = createRestRoutes({ db: () => db, currentUser: async () => null, clientIp: () => "127.0.0.1" });
  const server = http.createServer((req, res) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method, headers });
    const answer =
      new URL(request.url).pathname === "/api/v1/metrics"
        ? rest.getMetrics(request, { params: Promise.resolve({}) })
        : Promise.resolve(new Response(null, { status: 404 }));
    void answer.then(async (r) => {
      res.writeHead(r.status, Object.fromEntries(r.headers)).end(Buffer.from(await r.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

beforeAll(async () => {
  assertPrometheusInstalled();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "inboxwatch-org-prometheus-"));
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const ctxA = await seedOrgMetrics(t.db, "prom-org-a");
  const ctxB = await seedOrgMetrics(t.db, "prom-org-b");
  const keyA = (await createApiKey(ctxA, { name: "prometheus", scopes: ["metrics.read"] })).key;
  const keyB = (await createApiKey(ctxB, { name: "prometheus", scopes: ["metrics.read"] })).key;
  web = await startWeb(t.db);
  const port = (web.address() as net.AddressInfo).port;
  prometheus = await startPrometheus(tmp, [
    { name: "org-a", port, credentials: keyA, metricsPath: "/api/v1/metrics" },
    { name: "org-b", port, credentials: keyB, metricsPath: "/api/v1/metrics" },
    { name: "org-no-key", port, credentials: "iw_not-a-key", metricsPath: "/api/v1/metrics" },
  ]);
});

afterAll(async () => {
  await prometheus?.stop();
  await new Promise<void>((resolve) => (web ? web.close(() => resolve()) : resolve()));
  await t?.drop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("per-organization metrics scraped by a real Prometheus with an API key", { timeout: TEST_TIMEOUT_MS }, () => {
  it("answers the organization's figures in PromQL", async () => {
    const url = prometheus.url;
    await expectPromql(url, `inboxwatch_org_provider_accepted_ratio{job="org-a",provider="${A.provider}"}`, A.accepted);
    await expectPromql(url, 'sum(inboxwatch_org_incidents_open{job="org-a"})', A.incidents.critical + A.incidents.warning);
    await expectPromql(url, `inboxwatch_org_port_uptime_ratio{job="org-a",server="${A.server}",port="25"}`, A.uptime);
    // Rates weighed by their attempts, as the customer dashboard adds providers up.
    await expectPromql(
      url,
      'sum(inboxwatch_org_provider_bounce_ratio{job="org-a"} * inboxwatch_org_provider_attempts{job="org-a"}) / sum(inboxwatch_org_provider_attempts{job="org-a"})',
      A.bounce,
    );
  });

  it("keeps each organization's series to its own key, and a wrong key's target down", async () => {
    const url = prometheus.url;
    await expectPromql(url, `inboxwatch_org_provider_accepted_ratio{job="org-b",provider="${B.provider}"}`, B.accepted);
    await expectPromql(url, `count(inboxwatch_org_provider_attempts{job="org-a",provider="${B.provider}"}) or vector(0)`, 0);
    await expectPromql(url, `count(inboxwatch_org_port_probes{job="org-b",server="${A.server}"}) or vector(0)`, 0);
    const health = await eventually(async () => {
      const res = await fetch(`${url}/api/v1/targets`);
      const body = (await res.json()) as { data: { activeTargets: { labels: { job: string }; health: string; lastError: string }[] } };
      const target = body.data.activeTargets.find((a) => a.labels.job === "org-no-key");
      return target?.health === "down" ? target : null;
    }, PROMQL_WAIT_MS);
    expect(health.lastError).toContain("401");
  });

  it("parses every dashboard expression, and the customer dashboard's answer the organization's series", async () => {
    const url = prometheus.url;
    // Data first, so an empty answer means a wrong expression, not an early query.
    await expectPromql(url, `inboxwatch_org_port_uptime_ratio{job="org-a",server="${A.server}",port="25"}`, A.uptime);
    const refused: string[] = [];
    const empty: string[] = [];
    for (const d of readDashboards()) {
      for (const { panel, expr } of d.exprs) {
        const reply = await queryPrometheus(url, withGrafanaVariables(expr));
        if (reply.status !== "success")
          refused.push(`${d.file} "${panel}": ${reply.httpStatus} ${reply.errorType ?? ""} ${reply.error ?? ""}`);
        else if (d.file === "customer.json" && reply.result.length === 0) empty.push(`${d.file} "${panel}": ${expr}`);
      }
    }
    expect(refused).toEqual([]);
    expect(empty).toEqual([]);
    // The check itself: invalid PromQL is a 400 bad_data.
    const bad = await queryPrometheus(url, "sum(inboxwatch_org_queue_depth");
    expect([bad.httpStatus, bad.errorType]).toEqual([400, "bad_data"]);
  });
});
