/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com, spec "Signature scheme"): HMAC-SHA256
 * over `${webhook-id}.${webhook-timestamp}.${body}` with the secret's bytes, sent as "v1,<base64>".
 * Secrets are "whsec_" + base64 of 24–64 random bytes. During rotation every active secret signs and the
 * signatures are space-separated, so receivers holding either the old or the new secret verify.
 */
import { createHmac, randomBytes } from "node:crypto";

export const WEBHOOK_SECRET_PREFIX = "whsec_";
/** The spec recommends secrets of 24 to 64 bytes. */
export const WEBHOOK_SECRET_MIN_BYTES = 24;
export const WEBHOOK_SECRET_MAX_BYTES = 64;
/** Fresh secrets: 32 bytes, the common choice (HMAC-SHA256's block is 64, its output 32). */
export const WEBHOOK_SECRET_NEW_BYTES = 32;

/** The key bytes of a `whsec_` secret, or null when it is not one. */
export function decodeWebhookSecret(secret: string): Buffer | null {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) return null;
  const b64 = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return null;
  const key = Buffer.from(b64, "base64");
  return key.length >= WEBHOOK_SECRET_MIN_BYTES && key.length <= WEBHOOK_SECRET_MAX_BYTES ? key : null;
}

export function generateWebhookSecret(random: (n: number) => Buffer = randomBytes): string {
  return WEBHOOK_SECRET_PREFIX + random(WEBHOOK_SECRET_NEW_BYTES).toString("base64");
}

/** The `webhook-signature` header value: one "v1,…" per secret, space-separated. */
export function signStandardWebhook(secrets: readonly string[], msgId: string, timestampSeconds: number, body: string): string {
  const content = `${msgId}.${timestampSeconds}.${body}`;
  return secrets
    .map((secret) => {
      const key = decodeWebhookSecret(secret);
      if (key === null) throw new Error("not a whsec_ secret"); // validated with the config; reaching here is a bug
      return `v1,${createHmac("sha256", key).update(content, "utf8").digest("base64")}`;
    })
    .join(" ");
}
