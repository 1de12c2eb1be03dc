// Each provider's scheme against a request signed the way the provider signs it, with keys made here.
import { createHmac, createSign, generateKeyPairSync, sign } from "node:crypto";

import selfsigned from "selfsigned";
import { describe, expect, it } from "vitest";

import { verifyBasicAuth, verifyMailgun, verifySendgrid } from "./signatures.ts";
import { parseSnsMessage, snsCanonicalString, verifySnsMessage } from "./sns.ts";

const now = 1_765_000_000;
const body = Buffer.from('[{"email":"a@gmail.com","timestamp":1765000000,"event":"open","sg_event_id":"e1"}]\r\n');

describe("SendGrid Event Webhook (ECDSA P-256 over timestamp + body)", () => {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const verificationKey = publicKey.export({ format: "der", type: "spki" }).toString("base64");
  const signed = (timestamp: string, payload: Buffer) =>
    sign("sha256", Buffer.concat([Buffer.from(timestamp), payload]), privateKey).toString("base64");

  it("accepts the body SendGrid signed and refuses a changed byte, a missing header and a stale timestamp", () => {
    const timestamp = String(now);
    const signature = signed(timestamp, body);
    expect(verifySendgrid({ publicKey: verificationKey, signature, timestamp, body, nowSeconds: now })).toEqual({ ok: true });
    const tampered = Buffer.from(body.toString().replace("open", "click"));
    expect(verifySendgrid({ publicKey: verificationKey, signature, timestamp, body: tampered, nowSeconds: now })).toMatchObject({
      ok: false,
    });
    expect(verifySendgrid({ publicKey: verificationKey, signature: null, timestamp, body, nowSeconds: now })).toMatchObject({ ok: false });
    const old = String(now - 2 * 86_400);
    expect(verifySendgrid({ publicKey: verificationKey, signature: signed(old, body), timestamp: old, body, nowSeconds: now })).toEqual({
      ok: false,
      reason: "The signature timestamp is too old or in the future",
    });
  });
});

describe("Mailgun (HMAC-SHA256 of timestamp + token)", () => {
  const key = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";
  const signature = (timestamp: string, token: string) =>
    createHmac("sha256", key)
      .update(timestamp + token)
      .digest("hex");

  it("accepts Mailgun's signature and refuses another key's", () => {
    const s = { timestamp: String(now), token: "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0", signature: "" };
    s.signature = signature(s.timestamp, s.token);
    expect(verifyMailgun({ signingKey: key, signature: s, nowSeconds: now })).toEqual({ ok: true });
    expect(verifyMailgun({ signingKey: "another-key", signature: s, nowSeconds: now })).toEqual({
      ok: false,
      reason: "The Mailgun signature does not match",
    });
    expect(verifyMailgun({ signingKey: key, signature: null, nowSeconds: now })).toMatchObject({ ok: false });
  });
});

describe("HTTP Basic (Postmark, SparkPost)", () => {
  it("accepts the configured credentials only", () => {
    const header = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;
    expect(verifyBasicAuth({ authorization: header("iw", "s3cret"), username: "iw", password: "s3cret" })).toEqual({ ok: true });
    expect(verifyBasicAuth({ authorization: header("iw", "wrong"), username: "iw", password: "s3cret" })).toMatchObject({ ok: false });
    expect(verifyBasicAuth({ authorization: null, username: "iw", password: "s3cret" })).toMatchObject({ ok: false });
  });
});

describe("Amazon SNS (SES events)", () => {
  const pems = selfsigned.generate([{ name: "commonName", value: "sns.eu-west-1.amazonaws.com" }], {
    keySize: 2048,
    days: 30,
    algorithm: "sha256",
  });
  const certUrl = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem";
  function signedMessage(version: "1" | "2", fields: Record<string, string>) {
    const unsigned = { SignatureVersion: version, Signature: "", SigningCertURL: certUrl, ...fields };
    const m = parseSnsMessage(unsigned);
    if (!m) throw new Error("not an SNS message");
    const signer = createSign(version === "1" ? "RSA-SHA1" : "RSA-SHA256");
    signer.update(snsCanonicalString(m));
    return { ...m, Signature: signer.sign(pems.private, "base64") };
  }
  const notification = {
    Type: "Notification",
    MessageId: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
    TopicArn: "arn:aws:sns:eu-west-1:123456789012:ses-events",
    Message: '{"eventType":"Delivery","mail":{"destination":["a@gmail.com"]}}',
    Timestamp: "2026-12-07T10:00:00.000Z",
  };
  const fetchCert = (url: string) => (url === certUrl ? Promise.resolve(pems.cert) : Promise.reject(new Error("unknown certificate")));

  it("verifies SignatureVersion 1 and 2 notifications, and a subscription confirmation", async () => {
    expect(await verifySnsMessage(signedMessage("1", notification), fetchCert)).toEqual({ ok: true });
    expect(await verifySnsMessage(signedMessage("2", { ...notification, Subject: "SES" }), fetchCert)).toEqual({ ok: true });
    const confirmation = signedMessage("2", {
      ...notification,
      Type: "SubscriptionConfirmation",
      Token: "2336412f37",
      SubscribeURL: "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=2336412f37",
      Message: "You have chosen to subscribe to the topic…",
    });
    expect(await verifySnsMessage(confirmation, fetchCert)).toEqual({ ok: true });
  });

  it("refuses a changed message and a certificate that is not Amazon's", async () => {
    const m = signedMessage("2", notification);
    expect(await verifySnsMessage({ ...m, Message: m.Message.replace("Delivery", "Bounce") }, fetchCert)).toEqual({
      ok: false,
      reason: "The SNS signature does not match",
    });
    expect(await verifySnsMessage({ ...m, SigningCertURL: "https://evil.example/cert.pem" }, fetchCert)).toEqual({
      ok: false,
      reason: "The SNS signing certificate is not Amazon's",
    });
  });
});
