/**
 * Each ESP's own webhook authentication, checked on the raw body before anything is stored:
 * - SendGrid Event Webhook: ECDSA (P-256, SHA-256) over timestamp + body, the verification key from
 *   SendGrid's settings (base64 DER SubjectPublicKeyInfo), headers X-Twilio-Email-Event-Webhook-*.
 * - Mailgun: HMAC-SHA256 of timestamp + token with the webhook signing key, in the body's `signature`.
 * - Postmark and SparkPost: HTTP Basic credentials set on the webhook URL (they sign nothing).
 * - Amazon SES through SNS: sns.ts.
 * Comparisons are constant-time; a stale timestamp is refused so a captured request cannot be replayed
 * forever (the batch id makes an exact replay within the window a no-op anyway).
 */
import { createHmac, createPublicKey, timingSafeEqual, verify } from "node:crypto";

/** How old a signed timestamp may be: SendGrid and Mailgun both retry for hours, so a day. */
export const SIGNATURE_MAX_AGE_SECONDS = 24 * 3600;

export type VerifyResult = { ok: true } | { ok: false; reason: string };

const fail = (reason: string): VerifyResult => ({ ok: false, reason });

function freshTimestamp(timestamp: string, nowSeconds: number): VerifyResult {
  const t = Number(timestamp);
  if (!Number.isFinite(t)) return fail("The signature timestamp is missing or not a number");
  if (Math.abs(nowSeconds - t) > SIGNATURE_MAX_AGE_SECONDS) return fail("The signature timestamp is too old or in the future");
  return { ok: true };
}

function equalStrings(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifySendgrid(args: {
  publicKey: string;
  signature: string | null;
  timestamp: string | null;
  body: Buffer;
  nowSeconds: number;
}): VerifyResult {
  if (!args.signature || !args.timestamp) return fail("The SendGrid signature headers are missing");
  const fresh = freshTimestamp(args.timestamp, args.nowSeconds);
  if (!fresh.ok) return fresh;
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(args.publicKey, "base64"), format: "der", type: "spki" });
  } catch {
    return fail("The stored SendGrid verification key is not a valid public key");
  }
  const signed = Buffer.concat([Buffer.from(args.timestamp), args.body]);
  const ok = verify("sha256", signed, key, Buffer.from(args.signature, "base64"));
  return ok ? { ok: true } : fail("The SendGrid signature does not match");
}

export function verifyMailgun(args: {
  signingKey: string;
  signature: { timestamp?: unknown; token?: unknown; signature?: unknown } | null;
  nowSeconds: number;
}): VerifyResult {
  const s = args.signature;
  if (!s || typeof s.timestamp !== "string" || typeof s.token !== "string" || typeof s.signature !== "string") {
    return fail("The Mailgun signature is missing from the body");
  }
  const fresh = freshTimestamp(s.timestamp, args.nowSeconds);
  if (!fresh.ok) return fresh;
  const expected = createHmac("sha256", args.signingKey)
    .update(s.timestamp + s.token)
    .digest("hex");
  return equalStrings(expected, s.signature) ? { ok: true } : fail("The Mailgun signature does not match");
}

export function verifyBasicAuth(args: { authorization: string | null; username: string; password: string }): VerifyResult {
  const header = args.authorization ?? "";
  if (!header.toLowerCase().startsWith("basic ")) return fail("HTTP Basic credentials are missing");
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return fail("HTTP Basic credentials are malformed");
  const userOk = equalStrings(decoded.slice(0, colon), args.username);
  const passOk = equalStrings(decoded.slice(colon + 1), args.password);
  return userOk && passOk ? { ok: true } : fail("HTTP Basic credentials do not match");
}
