/**
 * Crash test: an incident is opened and committed (with its notifications and delivery jobs) while no worker
 * runs — as if the worker died between "incident opened" and "notification sent". A fresh worker then sends
 * each notification exactly once per channel, with the webhook-id stored on the row; another restart sends
 * nothing again.
 */
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { createChannel, createRule, evaluateRules } from "@inboxwatch/alerting";
import { type HttpReceiver, type ReceivedRequest, startHttpReceiver } from "@inboxwatch/alerting/testing";
import { forOrg, type OrgContext, systemContext } from "@inboxwatch/services";

import { startWorker } from "./worker.ts";
import { eventually } from "./testing.ts";

let t: TestDatabase;
const receivers: HttpReceiver[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await t?.drop();
});

describe("alert delivery across a worker restart", () => {
  it("sends each notification of an incident opened before the crash exactly once per channel", async () => {
    const org = await t.db.organization.create({ data: { name: "Crash", slug: "crash" } });
    const ctx: OrgContext = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
    const secrets: Record<string, string> = {};
    const hooks = await Promise.all(
      ["a", "b"].map(async (name) => {
        const r = await startHttpReceiver((req: ReceivedRequest) => {
          new Webhook(secrets[name] ?? "").verify(req.body, req.headers as Record<string, string>);
          return { status: 200 };
        });
        receivers.push(r);
        return r;
      }),
    );
    const slack = await startHttpReceiver(() => ({ status: 200, body: "ok" }));
    receivers.push(slack);
    const a = await createChannel(ctx, { kind: "webhook", name: "a", config: { url: hooks[0]!.url } });
    const b = await createChannel(ctx, { kind: "webhook", name: "b", config: { url: hooks[1]!.url } });
    const s = await createChannel(ctx, { kind: "slack", name: "slack", config: { url: slack.url } });
    secrets.a = a.webhookSecret ?? "";
    secrets.b = b.webhookSecret ?? "";
    // A rule's scope must be one of the organization's own servers (issue 20 item 11).
    const mx1 = await t.db.mailServer.create({ data: { orgId: org.id, hostname: "mx1.crash.test" } });
    await createRule(ctx, {
      name: "Queue depth above 1000",
      scope: { type: "server", id: mx1.id },
      condition: { kind: "threshold", metric: "queue_depth", comparator: ">", value: 1000, windowMinutes: 5 },
      severity: "critical",
      channelIds: [a.channel.id, b.channel.id, s.channel.id],
    });
    const now = Date.now();
    await t.db.alertSignal.create({
      data: {
        orgId: org.id,
        at: new Date(now - 1000),
        scopeType: "server",
        scopeId: mx1.id,
        metric: "queue_depth",
        value: 5000,
        volume: 1,
      },
    });

    // Committed with no worker running: the "crash" window.
    expect(await evaluateRules(forOrg(systemContext(t.db, "test"), org.id), { now })).toMatchObject({ opened: 1, notifications: 3 });
    const notifications = await t.db.notification.findMany({ where: { orgId: org.id }, select: { id: true, channelId: true } });
    expect(hooks.every((h) => h.requests.length === 0) && slack.requests.length === 0).toBe(true);

    const worker = await startWorker({ db: t.db, databaseUrl: t.url, healthPort: 0, concurrency: 2, log: () => {} });
    try {
      await eventually(async () => (await t.db.notification.count({ where: { orgId: org.id, status: "delivered" } })) === 3);
    } finally {
      await worker.stop();
    }
    const again = await startWorker({ db: t.db, databaseUrl: t.url, healthPort: 0, concurrency: 2, log: () => {} });
    await again.stop();

    const idFor = (channelId: string) => notifications.find((n) => n.channelId === channelId)?.id;
    expect(hooks[0]!.requests.map((q) => q.headers["webhook-id"])).toEqual([idFor(a.channel.id)]);
    expect(hooks[1]!.requests.map((q) => q.headers["webhook-id"])).toEqual([idFor(b.channel.id)]);
    expect(slack.requests).toHaveLength(1);
    const incident = await t.db.incident.findFirstOrThrow({ where: { orgId: org.id } });
    const timeline = await t.db.incidentEvent.findMany({ where: { incidentId: incident.id }, orderBy: { at: "asc" } });
    expect(timeline.map((e) => e.type)).toEqual(["fired", "notified", "notified", "notified"]);
  });
});
