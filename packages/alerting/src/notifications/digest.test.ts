import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext, systemContext, ValidationError } from "@inboxwatch/services";

import { platformHttpTransport } from "./platform-transport.ts";
import { type HttpReceiver, type SmtpReceiver, startHttpReceiver, startSmtpReceiver } from "../engine/channels/testing.ts";
import { createChannel, updateChannel } from "./channels.ts";
import { deliverNotification, type DeliverDeps } from "./deliver.ts";
import { DIGEST_INTERVAL_MS, sendDueDigests } from "./digest.ts";
import { evaluateRules } from "../evaluation/evaluate.ts";
import { createRule } from "../rules/rules.ts";

let t: TestDatabase;
const receivers: (HttpReceiver | SmtpReceiver)[] = [];
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

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
  const org = await t.db.organization.create({ data: { name: "Digests", slug: `digests-${++orgCount}` } });
  return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}

async function signal5xx(ctx: OrgContext, at: number, rate: number) {
  await t.db.alertSignal.create({
    data: { orgId: ctx.orgId, at: new Date(at), scopeType: "organization", metric: "rate_5xx", value: rate, volume: 500 },
  });
}

async function warningRule(ctx: OrgContext, channelIds: string[]) {
  return createRule(ctx, {
    name: "5xx above 5%",
    scope: { type: "organization" },
    condition: { kind: "threshold", metric: "rate_5xx", comparator: ">", value: 5, windowMinutes: 30 },
    severity: "warning",
    minVolume: 100,
    channelIds,
  });
}

function depsAt(now: number, smtp?: SmtpReceiver): DeliverDeps {
  const mailer = smtp
    ? nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true, socketTimeout: 5_000 })
    : undefined;
  return {
    channel: {
      http: platformHttpTransport(),
      now: () => now,
      timeoutMs: 2_000,
      ...(mailer ? { mailer, mailFrom: "alerts@inboxwatch.test" } : {}),
    },
    random: () => 0,
  };
}

async function digestNotifications(ctx: OrgContext) {
  return t.db.notification.findMany({
    where: { orgId: ctx.orgId, event: "incident.digest" },
    orderBy: { createdAt: "asc" },
    include: { channel: { select: { kind: true } } },
  });
}

describe("alert digests", () => {
  it("collects low-severity events and sends ONE signed digest per channel (webhook, Slack, email), never an item twice", async () => {
    const ctx = await newOrg();
    let secret = "";
    const verified: unknown[] = [];
    const hookReceiver = await startHttpReceiver((req) => {
      try {
        verified.push(new Webhook(secret).verify(req.body, req.headers as Record<string, string>));
      } catch (err) {
        return { status: 401, body: (err as Error).message };
      }
      return { status: 204 };
    });
    const slackReceiver = await startHttpReceiver(() => ({ status: 200, body: "ok" }));
    const pdReceiver = await startHttpReceiver(() => ({ status: 202 }));
    const smtp = await startSmtpReceiver(() => ({ accept: true }));
    receivers.push(hookReceiver, slackReceiver, pdReceiver, smtp);

    const digestOpts = { digestSeverities: ["warning", "info"] as ("warning" | "info")[] };
    const hook = await createChannel(ctx, { kind: "webhook", name: "hook", config: { url: hookReceiver.url }, ...digestOpts });
    secret = hook.webhookSecret ?? "";
    const { channel: slack } = await createChannel(ctx, {
      kind: "slack",
      name: "slack",
      config: { url: slackReceiver.url },
      ...digestOpts,
    });
    const { channel: mail } = await createChannel(ctx, {
      kind: "email",
      name: "mail",
      config: { to: ["ops@example.com"] },
      ...digestOpts,
      digestInterval: "daily",
    });
    const { channel: pd } = await createChannel(ctx, {
      kind: "pagerduty",
      name: "pd",
      config: { routingKey: "R0123456789abcdefABCDEF012345678" },
    });
    await expect(updateChannel(ctx, { id: pd.id, digestSeverities: ["info"] })).rejects.toBeInstanceOf(ValidationError);
    await warningRule(ctx, [hook.channel.id, slack.id, mail.id, pd.id]);

    // Opened: PagerDuty is paged right away, the three digest channels only collect the event.
    await signal5xx(ctx, T0, 20);
    expect(await evaluateRules(ctx, { now: T0 + MINUTE })).toMatchObject({ opened: 1, notifications: 1 });
    const immediate = await t.db.notification.findMany({ where: { orgId: ctx.orgId } });
    expect(immediate.map((n) => [n.channelId, n.event])).toEqual([[pd.id, "incident.opened"]]);
    expect(await t.db.alertDigestItem.count({ where: { orgId: ctx.orgId } })).toBe(3);

    // Two runs at once, then a third: one digest per channel in total.
    const runAt = T0 + 5 * MINUTE;
    const runs = await Promise.all([
      sendDueDigests(systemContext(t.db, "test"), { now: runAt, orgId: ctx.orgId }),
      sendDueDigests(systemContext(t.db, "test"), { now: runAt, orgId: ctx.orgId }),
    ]);
    expect(runs.reduce((s, r) => s + r.digests, 0)).toBe(3);
    expect(await sendDueDigests(systemContext(t.db, "test"), { now: runAt, orgId: ctx.orgId })).toMatchObject({ digests: 0 });
    const digests = await digestNotifications(ctx);
    expect(digests.map((d) => d.channel.kind).sort()).toEqual(["email", "slack", "webhook"]);
    const jobs = await t.db.$queryRawUnsafe<{ id: string }[]>(
      `select data->>'notificationId' as id from pgboss.job where name = 'alerts.deliver' and data->>'notificationId' = any($1)`,
      digests.map((d) => d.id),
    );
    expect(jobs).toHaveLength(3);

    for (const d of digests) {
      const out = await deliverNotification(systemContext(t.db, "test"), { notificationId: d.id }, depsAt(Date.now(), smtp));
      expect(out, JSON.stringify(out)).toMatchObject({ status: "delivered" });
    }
    expect(verified).toHaveLength(1);
    const hookBody = JSON.parse(hookReceiver.requests[0]?.body ?? "{}") as {
      type: string;
      data: { total: number; items: { event: string; severity: string }[] };
    };
    expect(hookReceiver.requests[0]?.headers["webhook-id"]).toBe(digests.find((d) => d.channel.kind === "webhook")?.id);
    expect(hookBody).toMatchObject({
      type: "incident.digest",
      data: { total: 1, items: [{ event: "incident.opened", severity: "warning" }] },
    });
    const slackBody = JSON.parse(slackReceiver.requests[0]?.body ?? "{}") as { blocks: { type: string; text?: { text: string } }[] };
    expect(slackBody.blocks[0]?.text?.text).toContain("Alert digest · 1 alert event");
    expect(smtp.messages).toHaveLength(1);
    const parsed = await simpleParser(smtp.messages[0]?.raw ?? "");
    expect(parsed.subject).toMatch(/^\[DIGEST\] 1 alert event · /);
    expect(parsed.text).toContain("WARNING opened  5xx above 5% — Organization");
    const incident = await t.db.incident.findFirstOrThrow({ where: { orgId: ctx.orgId } });
    const notified = await t.db.incidentEvent.findMany({ where: { incidentId: incident.id, type: "notified" } });
    expect(notified.map((e) => e.body).filter((b) => b?.startsWith("included in the digest"))).toHaveLength(3);

    // Resolved 40 minutes later: collected again; the hourly channels get it an hour after their last
    // digest, the daily email channel not before a day has passed.
    await signal5xx(ctx, T0 + 40 * MINUTE, 0);
    expect(await evaluateRules(ctx, { now: T0 + 41 * MINUTE })).toMatchObject({ resolved: 1, notifications: 1 });
    expect(await sendDueDigests(systemContext(t.db, "test"), { now: T0 + 42 * MINUTE, orgId: ctx.orgId })).toMatchObject({ digests: 0 });
    expect(await sendDueDigests(systemContext(t.db, "test"), { now: runAt + DIGEST_INTERVAL_MS.hourly, orgId: ctx.orgId })).toMatchObject({
      digests: 2,
      items: 2,
    });
    expect(await sendDueDigests(systemContext(t.db, "test"), { now: runAt + DIGEST_INTERVAL_MS.daily, orgId: ctx.orgId })).toMatchObject({
      digests: 1,
      items: 1,
    });
    const all = await digestNotifications(ctx);
    expect(all).toHaveLength(6);
    const second = all.find((d) => d.channel.kind === "webhook" && d.id !== hookReceiver.requests[0]?.headers["webhook-id"]);
    expect((second?.payload as { digest: { items: { event: string }[] } }).digest.items.map((i) => i.event)).toEqual(["incident.resolved"]);
    expect(await t.db.alertDigestItem.count({ where: { orgId: ctx.orgId, digestNotificationId: null } })).toBe(0);
  });

  it("keeps a disabled channel's items until it is enabled again", async () => {
    const ctx = await newOrg();
    const { channel } = await createChannel(ctx, {
      kind: "slack",
      name: "quiet",
      config: { url: "http://127.0.0.1:9/hook" },
      digestSeverities: ["warning"],
    });
    await warningRule(ctx, [channel.id]);
    await signal5xx(ctx, T0, 20);
    await evaluateRules(ctx, { now: T0 + MINUTE });
    await updateChannel(ctx, { id: channel.id, enabled: false });
    expect(await sendDueDigests(systemContext(t.db, "test"), { now: T0 + 2 * MINUTE, orgId: ctx.orgId })).toMatchObject({
      channels: 1,
      digests: 0,
    });
    await updateChannel(ctx, { id: channel.id, enabled: true });
    const after = await t.db.alertChannel.findUniqueOrThrow({ where: { id: channel.id } });
    // The partial update left the routing fields as they were.
    expect(after).toMatchObject({ digestSeverities: ["warning"], minSeverity: "info", digestInterval: "hourly" });
    expect(await sendDueDigests(systemContext(t.db, "test"), { now: T0 + 3 * MINUTE, orgId: ctx.orgId })).toMatchObject({
      digests: 1,
      items: 1,
    });
  });
});
