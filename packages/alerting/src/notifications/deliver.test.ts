import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext, systemContext } from "@inboxwatch/services";
import { openMail } from "@inboxwatch/services/mail";

import { platformHttpTransport } from "./platform-transport.ts";
import { type HttpReceiver, type ReceivedRequest, type ScriptedResponse, startHttpReceiver } from "../engine/channels/testing.ts";
import { createChannel, listChannels, listDeliveries, rotateWebhookSecret, sendTestNotification } from "./channels.ts";
import { deliverNotification, type DeliverDeps } from "./deliver.ts";

let t: TestDatabase;
const receivers: HttpReceiver[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(async () => t?.drop());

let orgCount = 0;
async function newOrg(): Promise<OrgContext> {
  const org = await t.db.organization.create({ data: { name: "Delivery", slug: `delivery-${++orgCount}` } });
  const admin = await t.db.user.create({ data: { email: `admin${orgCount}@delivery.test`, name: "Admin" } });
  await t.db.membership.create({ data: { orgId: org.id, userId: admin.id, role: "ADMIN" } });
  return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}

/** A receiver verifying each request with the reference standardwebhooks library, as a customer would. */
async function webhookReceiver(secret: () => string, script: (i: number) => ScriptedResponse) {
  const verified: string[] = [];
  const r = await startHttpReceiver((req: ReceivedRequest, i) => {
    try {
      new Webhook(secret()).verify(req.body, req.headers as Record<string, string>);
    } catch (err) {
      return { status: 401, body: (err as Error).message };
    }
    verified.push(String(req.headers["webhook-id"]));
    return script(i);
  });
  receivers.push(r);
  return { ...r, verified };
}

/** The clock can be moved forward, so a rescheduled attempt is due without waiting for it. */
function depsAt(offset: { ms: number }): DeliverDeps {
  return { channel: { http: platformHttpTransport(), now: () => Date.now() + offset.ms, timeoutMs: 2_000 }, random: () => 0 };
}

async function scheduledJobs(notificationId: string) {
  return t.db.$queryRawUnsafe<{ start_after: Date }[]>(
    `select start_after from pgboss.job where name = 'alerts.deliver' and data->>'notificationId' = $1 order by created_on`,
    notificationId,
  );
}

describe("alert delivery", () => {
  it("retries a 500 with the same webhook-id, freshly signed, and logs both attempts", async () => {
    const ctx = await newOrg();
    let secret = "";
    const r = await webhookReceiver(
      () => secret,
      (i) => (i === 0 ? { status: 500, body: "boom" } : { status: 200 }),
    );
    const created = await createChannel(ctx, { kind: "webhook", name: "hook", config: { url: r.url } });
    secret = created.webhookSecret ?? "";
    expect(secret).toMatch(/^whsec_/);
    const { notificationId } = await sendTestNotification(ctx, { id: created.channel.id });
    const clock = { ms: 0 };

    const first = await deliverNotification(systemContext(t.db, "test"), { notificationId }, depsAt(clock));
    expect(first).toMatchObject({ status: "retry_scheduled", attempt: 1, delayMs: 5_000 });
    expect(await scheduledJobs(notificationId)).toHaveLength(2); // the test's job and the rescheduled one
    expect(await deliverNotification(systemContext(t.db, "test"), { notificationId }, depsAt(clock))).toEqual({
      status: "skipped",
      reason: "not_due",
    });
    clock.ms = 6_000;
    expect(await deliverNotification(systemContext(t.db, "test"), { notificationId }, depsAt(clock))).toMatchObject({
      status: "delivered",
      attempt: 2,
    });
    expect(await deliverNotification(systemContext(t.db, "test"), { notificationId }, depsAt(clock))).toEqual({
      status: "skipped",
      reason: "already_final",
    });

    expect(r.requests.map((q) => q.headers["webhook-id"])).toEqual([notificationId, notificationId]);
    expect(r.verified).toEqual([notificationId, notificationId]);
    const [log] = await listDeliveries(ctx, { channelId: created.channel.id });
    expect(log).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 200 });
    expect(log?.deliveryAttempts.map((a) => [a.attempt, a.outcome, a.statusCode])).toEqual([
      [1, "retryable", 500],
      [2, "delivered", 200],
    ]);
  });

  it("honours Retry-After of a 429 when rescheduling", async () => {
    const ctx = await newOrg();
    let secret = "";
    const r = await webhookReceiver(
      () => secret,
      () => ({ status: 429, headers: { "retry-after": "120" } }),
    );
    const created = await createChannel(ctx, { kind: "webhook", name: "limited", config: { url: r.url } });
    secret = created.webhookSecret ?? "";
    const { notificationId } = await sendTestNotification(ctx, { id: created.channel.id });
    const before = Date.now();
    expect(await deliverNotification(systemContext(t.db, "test"), { notificationId }, depsAt({ ms: 0 }))).toMatchObject({
      status: "retry_scheduled",
      delayMs: 120_000,
    });
    const jobs = await scheduledJobs(notificationId);
    expect(jobs[1]!.start_after.getTime()).toBeGreaterThanOrEqual(before + 119_000);
    const row = await t.db.notification.findUniqueOrThrow({ where: { id: notificationId } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 429 });
  });

  it("marks a channel failing after five failed notifications and emails the admins once", async () => {
    const ctx = await newOrg();
    const r = await startHttpReceiver(() => ({ status: 410, body: "gone" }));
    receivers.push(r);
    const { channel } = await createChannel(ctx, { kind: "slack", name: "slack", config: { url: r.url } });
    for (let i = 0; i < 6; i++) {
      const { notificationId } = await sendTestNotification(ctx, { id: channel.id });
      expect(await deliverNotification(systemContext(t.db, "test"), { notificationId }, depsAt({ ms: 0 }))).toMatchObject({
        status: "failed",
      });
    }
    const [listed] = await listChannels(ctx);
    expect(listed).toMatchObject({ status: "failing", consecutiveFailures: 6 });
    // Mail jobs travel sealed: open them to read the subject.
    const jobs = await t.db.$queryRawUnsafe<{ data: { to: string; sealed: string } }[]>(
      `select data from pgboss.job where name = 'mail.send'`,
    );
    const failing = jobs.filter((j) => openMail(j.data.to, j.data.sealed).subject.endsWith('"slack" is failing'));
    expect(failing.map((j) => j.data.to)).toEqual([`admin${orgCount}@delivery.test`]);
  });

  it("never returns secrets, and a rotated webhook secret verifies beside the previous one", async () => {
    const ctx = await newOrg();
    let secret = "";
    const r = await webhookReceiver(
      () => secret,
      () => ({ status: 204 }),
    );
    const created = await createChannel(ctx, { kind: "webhook", name: "rotating", config: { url: r.url } });
    await createChannel(ctx, { kind: "pagerduty", name: "pd", config: { routingKey: "R0123456789abcdefABCDEF012345678" } });
    const listed = JSON.stringify(await listChannels(ctx));
    expect(listed).not.toContain(created.webhookSecret);
    expect(listed).not.toContain("R0123456789abcdefABCDEF012345678");
    expect(listed).toContain("…5678");

    const old = created.webhookSecret ?? "";
    const { webhookSecret: fresh } = await rotateWebhookSecret(ctx, { id: created.channel.id });
    for (const s of [old, fresh]) {
      secret = s;
      const { notificationId } = await sendTestNotification(ctx, { id: created.channel.id });
      expect(await deliverNotification(systemContext(t.db, "test"), { notificationId }, depsAt({ ms: 0 }))).toMatchObject({
        status: "delivered",
      });
    }
    expect(r.verified).toHaveLength(2);
  });
});
