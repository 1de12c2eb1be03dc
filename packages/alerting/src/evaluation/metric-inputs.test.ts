// Threshold rules on the metrics read from their own tables (metric-inputs.ts), on a real database:
// each fires on data that crosses it and stays quiet under its minimum volume.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext } from "@inboxwatch/services";

import { type TAlertMetric } from "../engine/index.ts";
import { evaluateRules } from "./evaluate.ts";
import { createRule } from "../rules/rules.ts";

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 27, 12, 30, 0);

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

let orgCount = 0;
async function newOrg(): Promise<OrgContext> {
  const org = await t.db.organization.create({ data: { name: "Metrics", slug: `metrics-${++orgCount}` } });
  return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}

async function rule(
  ctx: OrgContext,
  metric: TAlertMetric,
  comparator: ">" | "<",
  value: number,
  minVolume: number,
  scope: { type: "organization" } | { type: "port" | "provider"; id: string } = { type: "organization" },
) {
  return createRule(ctx, {
    name: metric,
    scope,
    condition: { kind: "threshold", metric, comparator, value, windowMinutes: 60 },
    severity: "warning",
    minVolume,
    channelIds: [],
  });
}

/** `n` delivery attempts to Gmail at `at`, `failed` of them answered with `code`. */
async function deliveries(ctx: OrgContext, at: number, n: number, failed: number, code: string) {
  await t.db.deliveryEvent.createMany({
    data: Array.from({ length: n }, (_, i) => {
      const bad = i < failed;
      return {
        orgId: ctx.orgId,
        time: new Date(at + i),
        source: "test",
        host: "mx1",
        queueId: `Q${orgCount}x${i}`,
        senderDomain: "example.com",
        recipientDomain: "gmail.com",
        recipientHash: `h${i}`,
        provider: "google",
        status: bad ? (code.startsWith("4") ? "deferred" : "bounced") : "sent",
        eventType: "delivery",
        replyCode: bad ? code : "250",
        enhancedCode: "",
        category: bad ? "policy_blocked" : "delivered",
        reason: "",
        response: "",
        relayHost: "",
        relayIp: "",
        delaySeconds: bad ? null : 2 + i / 10,
        eventKey: `k${orgCount}-${i}`,
      };
    }),
  });
}

describe("table metrics in rule evaluation", () => {
  it("5xx and 4xx rates fire for the organization and the provider from delivery events, not under the minimum volume", async () => {
    const ctx = await newOrg();
    await rule(ctx, "rate_5xx", ">", 10, 20);
    await rule(ctx, "rate_5xx", ">", 10, 20, { type: "provider", id: "google" });
    await rule(ctx, "rate_4xx", ">", 10, 20);
    await rule(ctx, "rate_5xx", ">", 10, 1000);
    await deliveries(ctx, T0 - 10 * MINUTE, 40, 8, "550");
    const summary = await evaluateRules(ctx, { now: T0 });
    const open = await t.db.incident.findMany({ where: { orgId: ctx.orgId }, select: { scopeType: true } });
    expect(summary.opened).toBe(2);
    expect(open.map((i) => i.scopeType).sort()).toEqual(["organization", "provider"]);
  });

  it("send latency p95 fires in milliseconds from accepted messages' delays", async () => {
    const ctx = await newOrg();
    await rule(ctx, "latency_p95", ">", 4_000, 10);
    await rule(ctx, "latency_p95", ">", 60_000, 10);
    await deliveries(ctx, T0 - 10 * MINUTE, 40, 0, "550");
    expect(await evaluateRules(ctx, { now: T0 })).toMatchObject({ opened: 1 });
  });

  it("complaint rate is complaints over the hour's accepted messages", async () => {
    const ctx = await newOrg();
    await rule(ctx, "complaint_rate", ">", 0.3, 10);
    await deliveries(ctx, T0 - 10 * MINUTE, 100, 0, "550");
    await t.db.complaint.create({
      data: {
        orgId: ctx.orgId,
        kind: "ARF",
        feedbackType: "abuse",
        reporter: "hotmail.com",
        arrivalAt: new Date(T0 - 5 * MINUTE),
        dedupKey: "c1",
      },
    });
    expect(await evaluateRules(ctx, { now: T0 })).toMatchObject({ opened: 1 });
  });

  it("queue depth fires from queue snapshots", async () => {
    const ctx = await newOrg();
    await rule(ctx, "queue_depth", ">", 500, 1);
    await t.db.queueSnapshot.create({
      data: {
        orgId: ctx.orgId,
        source: "mx1",
        time: new Date(T0 - 5 * MINUTE),
        active: 100,
        deferred: 900,
        hold: 0,
        oldestAgeSeconds: 3600,
      },
    });
    expect(await evaluateRules(ctx, { now: T0 })).toMatchObject({ opened: 1 });
  });

  it("uptime fires for a port from the monitor's hourly rollup", async () => {
    const ctx = await newOrg();
    const server = await t.db.mailServer.create({ data: { orgId: ctx.orgId, hostname: "mx.metrics.example" } });
    const monitor = await t.db.monitor.create({ data: { orgId: ctx.orgId, serverId: server.id, port: 587, mode: "starttls" } });
    await rule(ctx, "uptime", "<", 99, 5, { type: "port", id: `${server.id}:587` });
    await rule(ctx, "uptime", "<", 99, 5, { type: "port", id: `${server.id}:25` });
    await t.db.monitorRollup.create({
      data: { orgId: ctx.orgId, monitorId: monitor.id, hour: new Date(Date.UTC(2026, 10, 27, 12)), probes: 12, ok: 9 },
    });
    expect(await evaluateRules(ctx, { now: T0 })).toMatchObject({ opened: 1 });
  });
});
