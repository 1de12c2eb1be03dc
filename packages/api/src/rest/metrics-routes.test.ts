/**
 * GET /api/v1/metrics through its route handler with real API keys on real Postgres: the organization's
 * figures as Prometheus gauges (uptime, p95 connect, delivery rates, DMARC, listings, incidents, queue),
 * none of another organization's series, 401 without a key, 403 without metrics.read, and the endpoint in
 * the OpenAPI document with its text media type.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { createApiKey } from "@inboxwatch/services/apikey";
import { capLabels } from "@inboxwatch/services/metrics";
import { expectedOrgMetrics, seedOrgMetrics } from "@inboxwatch/services/metrics-testing";

import { openApiDocument } from "./openapi.ts";
import { testRestRoutes } from "./testing.ts";

let t: TestDatabase;
let keys: { a: string; aNoScope: string; b: string };
const A = expectedOrgMetrics("metrics-rest-a");
const B = expectedOrgMetrics("metrics-rest-b");

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const ctxA = await seedOrgMetrics(t.db, "metrics-rest-a");
  const ctxB = await seedOrgMetrics(t.db, "metrics-rest-b");
  keys = {
    a: (await createApiKey(ctxA, { name: "prom", scopes: ["metrics.read"] })).key,
    aNoScope: (await createApiKey(ctxA, { name: "analytics", scopes: ["analytics.read", "org.read"] })).key,
    b: (await createApiKey(ctxB, { name: "prom", scopes: ["metrics.read"] })).key,
  };
});
afterAll(async () => t?.drop());

async function scrape(key?: string) {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const res = await testRestRoutes(t.db).getMetrics(new Request("http://127.0.0.1/api/v1/metrics", { headers }), {
    params: Promise.resolve({}),
  });
  return { status: res.status, contentType: res.headers.get("content-type"), text: await res.text() };
}

/** The value of one sample line `name{labels} value`, or null when the series is absent. */
function sample(text: string, name: string, labels: string): number | null {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}} `) || (labels === "" && l.startsWith(`${name} `)));
  return line === undefined ? null : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("GET /api/v1/metrics", () => {
  it("answers the organization's figures in the Prometheus text format", async () => {
    const r = await scrape(keys.a);
    expect(r.status).toBe(200);
    expect(r.contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
    const port = `server="${A.server}",port="25"`;
    expect(sample(r.text, "inboxwatch_org_port_uptime_ratio", port)).toBe(A.uptime);
    expect(sample(r.text, "inboxwatch_org_port_probes", port)).toBe(10);
    expect(sample(r.text, "inboxwatch_org_port_connect_p95_seconds", port)).toBeCloseTo(A.connectP95Seconds, 6);
    for (const [label, value] of [
      ["provider", A.provider],
      ["domain", A.domain],
    ] as const) {
      const l = `${label}="${value}"`;
      expect(sample(r.text, `inboxwatch_org_${label}_attempts`, l)).toBe(A.attempts);
      expect(sample(r.text, `inboxwatch_org_${label}_accepted_ratio`, l)).toBe(A.accepted);
      expect(sample(r.text, `inboxwatch_org_${label}_bounce_ratio`, l)).toBe(A.bounce);
      expect(sample(r.text, `inboxwatch_org_${label}_deferral_ratio`, l)).toBe(A.deferral);
      expect(sample(r.text, `inboxwatch_org_${label}_complaint_ratio`, l)).toBe(A.complaint);
    }
    expect(sample(r.text, "inboxwatch_org_dmarc_aligned_pass_ratio", `domain="${A.domain}"`)).toBe(A.dmarcPass);
    expect(sample(r.text, "inboxwatch_org_dmarc_messages", `domain="${A.domain}"`)).toBe(4);
    expect(sample(r.text, "inboxwatch_org_ip_blocklist_listings", `ip="${A.ip}"`)).toBe(A.listings);
    for (const [severity, count] of Object.entries(A.incidents)) {
      expect(sample(r.text, "inboxwatch_org_incidents_open", `severity="${severity}"`)).toBe(count);
    }
    expect(sample(r.text, "inboxwatch_org_queue_depth", "")).toBe(A.queueDepth);
    expect(sample(r.text, "inboxwatch_org_send_latency_mean_seconds", "")).toBe(A.sendLatencySeconds);
    // Never the operator's process series.
    expect(r.text).not.toMatch(/^(nodejs_|process_|inboxwatch_http_)/m);
  });

  it("never shows another organization's series to a key", async () => {
    const a = await scrape(keys.a);
    const b = await scrape(keys.b);
    for (const v of [B.server, B.domain, B.provider, B.ip]) expect(a.text).not.toContain(v);
    for (const v of [A.server, A.domain, A.provider, A.ip]) expect(b.text).not.toContain(v);
    expect(sample(b.text, "inboxwatch_org_provider_accepted_ratio", `provider="${B.provider}"`)).toBe(B.accepted);
  });

  it("refuses a request without a key (401) and a key without metrics.read (403)", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("iw_not-a-key")).status).toBe(401);
    expect((await scrape(keys.aNoScope)).status).toBe(403);
  });

  it("is in the OpenAPI document with the text media type and its scope", () => {
    const doc = openApiDocument("http://127.0.0.1") as {
      paths: Record<string, Record<string, { description: string; responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const op = doc.paths["/metrics"]?.get;
    expect(op?.description).toContain("metrics.read");
    expect(Object.keys(op?.responses["200"]?.content ?? {})).toEqual(["text/plain; version=0.0.4"]);
  });
});

describe("capLabels", () => {
  it("keeps the heaviest keys and folds the rest into other", () => {
    const cap = capLabels(
      new Map([
        ["a", 5],
        ["b", 9],
        ["c", 1],
      ]),
      2,
    );
    expect(["a", "b", "c"].map(cap)).toEqual(["a", "b", "other"]);
  });
});
