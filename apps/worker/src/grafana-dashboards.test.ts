/**
 * The shipped Grafana dashboards read metrics that exist: every metric name in every panel expression (and
 * template variable) is one the operator registry exports (the web app's and the worker's /metrics) or one
 * the per-organization endpoint (GET /api/v1/metrics) answers for an organization with data, so renaming
 * a metric without its dashboards fails here. Prometheus's parser judges the expressions in
 * org-metrics-prometheus.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { bindMetricsDatabase, metrics, renderOrgMetrics } from "@inboxwatch/services/metrics";
import { seedOrgMetrics } from "@inboxwatch/services/metrics-testing";

import { metricNames, readDashboards, variableMetric } from "./grafana-dashboards.testing.ts";

let t: TestDatabase;
const known = new Set<string>();

beforeAll(async () => {
  t = await createTestDatabase();
  // The scrape-time collectors (queue depth, pool) register on binding, as the web route and the worker do.
  bindMetricsDatabase(() => t.db);
  for (const m of await metrics().registry.getMetricsAsJSON()) {
    known.add(m.name);
    // A histogram is read through its series: name_bucket, name_sum, name_count.
    if (String(m.type) === "histogram") for (const s of ["_bucket", "_sum", "_count"]) known.add(m.name + s);
  }
  const ctx = await seedOrgMetrics(t.db, "dashboards-org");
  const { body } = await renderOrgMetrics(ctx);
  for (const m of body.matchAll(/^# TYPE (\S+) /gm)) if (m[1]) known.add(m[1]);
});
afterAll(async () => t?.drop());

describe("Grafana dashboards", () => {
  const dashboards = readDashboards();

  it("ships the operator and the customer dashboards, each with expressions", () => {
    expect(dashboards.map((d) => d.file)).toEqual(expect.arrayContaining(["customer.json", "operator.json"]));
    for (const d of dashboards) expect(d.exprs.length, d.file).toBeGreaterThan(0);
  });

  it("reads only metrics the operator registry or the per-organization endpoint exports", () => {
    const unknown: string[] = [];
    for (const d of dashboards) {
      for (const { panel, expr } of d.exprs) {
        const names = metricNames(expr);
        if (names.length === 0) unknown.push(`${d.file} "${panel}": no metric in ${expr}`);
        for (const name of names) if (!known.has(name)) unknown.push(`${d.file} "${panel}": ${name}`);
      }
      for (const q of d.variableQueries) {
        const name = variableMetric(q);
        if (name !== null && !known.has(name)) unknown.push(`${d.file} variable: ${name}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it("the operator dashboard reads operator metrics only, the customer dashboard per-organization ones only", () => {
    const names = (file: string) => (dashboards.find((d) => d.file === file)?.exprs ?? []).flatMap((e) => metricNames(e.expr));
    expect(names("operator.json").filter((n) => n.startsWith("inboxwatch_org_"))).toEqual([]);
    expect(names("customer.json").filter((n) => !n.startsWith("inboxwatch_org_"))).toEqual([]);
  });

  it("finds the metric names in PromQL and not the functions, labels, keywords or variables around them", () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, route) (rate(inboxwatch_http_request_duration_seconds_bucket{job="web"}[$__rate_interval])))',
      ),
    ).toEqual(["inboxwatch_http_request_duration_seconds_bucket"]);
    expect(metricNames('sum(a_ratio * on (provider) b_total{provider=~"$provider"}) / 1e3 > bool 0.5 unless c')).toEqual([
      "a_ratio",
      "b_total",
      "c",
    ]);
  });
});
