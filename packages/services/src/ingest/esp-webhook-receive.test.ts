// ESP webhooks end to end on a real database: each provider's signed call is stored once and becomes
// delivery events of the webhook's organization; a bad signature is refused with nothing stored.
import { createHmac, createSign, generateKeyPairSync, sign } from "node:crypto";

import selfsigned from "selfsigned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { parseSnsMessage, snsCanonicalString } from "@inboxwatch/deliverability/esp-webhooks";

import { type OrgContext, systemContext } from "../context.ts";
import { receiveEspWebhook } from "./esp-webhook-receive.ts";
import { createEspWebhook, listEspWebhooks, removeEspWebhook } from "./esp-webhooks.ts";
import { processLogBatch } from "./process-batch.ts";

let t: TestDatabase;
let ctx: OrgContext;
let other: OrgContext;
const sys = () => systemContext(t.db, "test");
const now = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const a = await t.db.organization.create({ data: { name: "A", slug: "esp-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "esp-b" } });
  ctx = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
});
afterAll(async () => t?.drop());

const headers = (h: Record<string, string>) => (name: string) => h[name.toLowerCase()] ?? null;
const batches = () => t.db.rawLogBatch.count({ where: { orgId: ctx.orgId } });

describe("SendGrid", () => {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const body = Buffer.from(
    JSON.stringify([
      { email: "a@gmail.com", timestamp: now, event: "delivered", response: "250 OK", sg_event_id: "d1", category: ["newsletter"] },
      { email: "a@gmail.com", timestamp: now + 60, event: "open", sg_event_id: "o1" },
    ]),
  );
  const signed = (payload: Buffer) => ({
    "x-twilio-email-event-webhook-signature": sign("sha256", Buffer.concat([Buffer.from(String(now)), payload]), privateKey).toString(
      "base64",
    ),
    "x-twilio-email-event-webhook-timestamp": String(now),
  });

  it("stores a signed call once, as events of the webhook's organization, opens kept apart from deliveries", async () => {
    const { webhook } = await createEspWebhook(ctx, {
      provider: "sendgrid",
      label: "Newsletters",
      verificationKey: publicKey.export({ format: "der", type: "spki" }).toString("base64"),
    });
    const first = await receiveEspWebhook(sys(), { id: webhook.id, body, header: headers(signed(body)) }, { nowSeconds: now });
    expect(first).toEqual({ status: 202, body: { stored: true, duplicate: false } });
    const replay = await receiveEspWebhook(sys(), { id: webhook.id, body, header: headers(signed(body)) }, { nowSeconds: now });
    expect(replay).toEqual({ status: 200, body: { stored: true, duplicate: true } });
    const batch = await t.db.rawLogBatch.findFirstOrThrow({ where: { orgId: ctx.orgId, source: "esp-sendgrid" } });
    await processLogBatch(sys(), { batchId: batch.id });
    const events = await t.db.deliveryEvent.findMany({
      where: { orgId: ctx.orgId },
      select: { status: true, category: true },
      orderBy: { time: "asc" },
    });
    expect(events).toEqual([
      { status: "sent", category: "delivered" },
      { status: "sent", category: "open" },
    ]);
    expect((await listEspWebhooks(ctx))[0]).toMatchObject({ provider: "sendgrid", batchesReceived: 1 });
    expect(await listEspWebhooks(other)).toEqual([]);
  });

  it("refuses a changed body or no signature with 401 and stores nothing", async () => {
    const [webhook] = await listEspWebhooks(ctx);
    const before = await batches();
    const tampered = Buffer.from(body.toString().replace("open", "click"));
    await expect(
      receiveEspWebhook(sys(), { id: webhook!.id, body: tampered, header: headers(signed(body)) }, { nowSeconds: now }),
    ).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "The SendGrid signature does not match",
    });
    await expect(receiveEspWebhook(sys(), { id: webhook!.id, body, header: headers({}) }, { nowSeconds: now })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    expect(await batches()).toBe(before);
  });
});

describe("Mailgun, Postmark and SparkPost", () => {
  it("Mailgun: the body's HMAC signature with the signing key", async () => {
    const signingKey = "key-0123456789abcdef0123456789abcdef";
    const { webhook } = await createEspWebhook(ctx, { provider: "mailgun", label: "Transactional", signingKey });
    const token = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0";
    const signature = { timestamp: String(now), token, signature: createHmac("sha256", signingKey).update(`${now}${token}`).digest("hex") };
    const payload = {
      signature,
      "event-data": { event: "delivered", recipient: "b@yahoo.com", timestamp: now, "delivery-status": { code: 250 } },
    };
    const body = Buffer.from(JSON.stringify(payload, null, 2)); // pretty-printed, as some senders post it
    expect(await receiveEspWebhook(sys(), { id: webhook.id, body, header: headers({}) }, { nowSeconds: now })).toMatchObject({
      status: 202,
    });
    const forged = Buffer.from(JSON.stringify({ ...payload, signature: { ...signature, signature: "0".repeat(64) } }));
    await expect(
      receiveEspWebhook(sys(), { id: webhook.id, body: forged, header: headers({}) }, { nowSeconds: now }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("Postmark and SparkPost: the Basic credentials generated for the webhook, shown once", async () => {
    for (const provider of ["postmark", "sparkpost"] as const) {
      const { webhook, basicPassword } = await createEspWebhook(ctx, { provider, label: provider });
      expect(basicPassword).toMatch(/^[\w-]{20,}$/);
      const auth = (p: string) => ({ authorization: `Basic ${Buffer.from(`inboxwatch:${p}`).toString("base64")}` });
      const body = Buffer.from(
        provider === "postmark"
          ? JSON.stringify({ RecordType: "Delivery", Recipient: "c@icloud.com", DeliveredAt: new Date().toISOString(), MessageID: "pm1" })
          : JSON.stringify([{ msys: { message_event: { type: "delivery", rcpt_to: "c@icloud.com", timestamp: String(now) } } }]),
      );
      expect(await receiveEspWebhook(sys(), { id: webhook.id, body, header: headers(auth(basicPassword ?? "")) })).toMatchObject({
        status: 202,
      });
      await expect(receiveEspWebhook(sys(), { id: webhook.id, body, header: headers(auth("wrong")) })).rejects.toMatchObject({
        code: "UNAUTHORIZED",
      });
      expect(JSON.stringify(await listEspWebhooks(ctx))).not.toContain(basicPassword ?? "never");
    }
  });
});

describe("Amazon SES through SNS", () => {
  const pems = selfsigned.generate([{ name: "commonName", value: "sns.test" }], { keySize: 2048, days: 30, algorithm: "sha256" });
  const certUrl = "https://127.0.0.1/SimpleNotificationService-test.pem";
  const fetched: string[] = [];
  const deps = {
    snsUrlPattern: /^https:\/\/127\.0\.0\.1\//,
    httpsGet: (url: string) => {
      fetched.push(url);
      return Promise.resolve(url === certUrl ? pems.cert : "<ConfirmSubscriptionResponse/>");
    },
  };
  const topic = "arn:aws:sns:eu-west-1:123456789012:ses-events";
  function signed(fields: Record<string, string>) {
    const m = parseSnsMessage({
      SignatureVersion: "2",
      Signature: "",
      SigningCertURL: certUrl,
      TopicArn: topic,
      MessageId: "m1",
      Timestamp: new Date().toISOString(),
      ...fields,
    });
    if (!m) throw new Error("not SNS");
    const signer = createSign("RSA-SHA256");
    signer.update(snsCanonicalString(m));
    return Buffer.from(JSON.stringify({ ...m, Signature: signer.sign(pems.private, "base64") }));
  }

  it("confirms the subscription, stores signed notifications, and refuses another topic", async () => {
    const { webhook } = await createEspWebhook(ctx, { provider: "ses", label: "SES", snsTopicArn: topic });
    const confirm = signed({
      Type: "SubscriptionConfirmation",
      Token: "tok",
      SubscribeURL: "https://127.0.0.1/?Action=ConfirmSubscription&Token=tok",
      Message: "confirm",
    });
    expect(await receiveEspWebhook(sys(), { id: webhook.id, body: confirm, header: headers({}) }, deps)).toEqual({
      status: 200,
      body: { stored: false, confirmed: true },
    });
    expect(fetched).toContain("https://127.0.0.1/?Action=ConfirmSubscription&Token=tok");
    const ses = {
      eventType: "Bounce",
      mail: { destination: ["d@outlook.com"], timestamp: new Date().toISOString() },
      bounce: {
        bounceType: "Permanent",
        bouncedRecipients: [{ emailAddress: "d@outlook.com", status: "5.1.1" }],
        timestamp: new Date().toISOString(),
      },
    };
    const notification = signed({ Type: "Notification", Message: JSON.stringify(ses) });
    expect(await receiveEspWebhook(sys(), { id: webhook.id, body: notification, header: headers({}) }, deps)).toMatchObject({
      status: 202,
    });
    const otherTopic = signed({
      Type: "Notification",
      Message: JSON.stringify(ses),
      TopicArn: "arn:aws:sns:eu-west-1:123456789012:elsewhere",
      MessageId: "m2",
    });
    await expect(receiveEspWebhook(sys(), { id: webhook.id, body: otherTopic, header: headers({}) }, deps)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});

describe("management", () => {
  it("an unknown id is NOT_FOUND, and a webhook is removed only by its organization", async () => {
    await expect(receiveEspWebhook(sys(), { id: "esp_nope", body: Buffer.from("{}"), header: headers({}) })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const [first] = await listEspWebhooks(ctx);
    await expect(removeEspWebhook(other, { id: first!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await removeEspWebhook(ctx, { id: first!.id });
    expect((await listEspWebhooks(ctx)).map((w) => w.id)).not.toContain(first!.id);
  });
});
