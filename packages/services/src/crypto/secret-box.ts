/**
 * Encryption of stored credentials (SMTP AUTH passwords, IMAP passwords, webhook secrets) with
 * AES-256-GCM under a versioned key. INBOXWATCH_ENCRYPTION_KEYS holds "version:base64key" pairs separated
 * by commas; the highest version encrypts, every listed version decrypts, so keys rotate by adding a new
 * version and re-encrypting at leisure.
 *
 * Envelope: "v<version>.<iv>.<tag>.<ciphertext>", each part base64url. The organization id is bound as
 * additional authenticated data, so a ciphertext copied into another organization's row does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

import { secretsEnv } from "@inboxwatch/env";

const IV_BYTES = 12;
const KEY_BYTES = 32;

interface Keyring {
  current: { version: number; key: Buffer };
  byVersion: Map<number, Buffer>;
}

export function parseKeyring(spec: string | undefined): Keyring {
  if (!spec) throw new Error("INBOXWATCH_ENCRYPTION_KEYS is not set (format: 1:<32 bytes base64>)");
  const byVersion = new Map<number, Buffer>();
  for (const part of spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [v, b64] = part.split(":");
    const version = Number(v);
    const key = Buffer.from(b64 ?? "", "base64");
    if (!Number.isInteger(version) || version < 1 || key.length !== KEY_BYTES) {
      throw new Error("INBOXWATCH_ENCRYPTION_KEYS: each entry must be <version ≥ 1>:<32 bytes in base64>");
    }
    byVersion.set(version, key);
  }
  const version = Math.max(...byVersion.keys());
  const key = byVersion.get(version);
  if (!key) throw new Error("INBOXWATCH_ENCRYPTION_KEYS is empty");
  return { current: { version, key }, byVersion };
}

let cached: { spec: string | undefined; ring: Keyring } | undefined;
function keyring(): Keyring {
  const spec = secretsEnv.read().INBOXWATCH_ENCRYPTION_KEYS;
  if (!cached || cached.spec !== spec) cached = { spec, ring: parseKeyring(spec) };
  return cached.ring;
}

export function encryptSecret(plaintext: string, orgId: string, ring: Keyring = keyring()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", ring.current.key, iv);
  cipher.setAAD(Buffer.from(orgId));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [`v${ring.current.version}`, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptSecret(envelope: string, orgId: string, ring: Keyring = keyring()): string {
  const [v, iv, tag, ciphertext] = envelope.split(".");
  const key = ring.byVersion.get(Number(v?.slice(1)));
  if (!key || !iv || !tag || ciphertext === undefined) throw new Error("Stored secret cannot be decrypted with the configured keys");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(orgId));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** The key version an envelope was written with (for re-encryption after rotation). */
export function secretKeyVersion(envelope: string): number {
  return Number(envelope.split(".")[0]?.slice(1));
}
