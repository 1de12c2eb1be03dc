import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { hashPassword, verifyPassword } from "./password.ts";
import { decryptSecret, encryptSecret, parseKeyring, secretKeyVersion } from "./secret-box.ts";

const k1 = randomBytes(32).toString("base64");
const k2 = randomBytes(32).toString("base64");

describe("secret box (AES-256-GCM, versioned keys)", () => {
  it("round-trips and never contains the plaintext", () => {
    const ring = parseKeyring(`1:${k1}`);
    const env = encryptSecret("hunter2-canary", "org_a", ring);
    expect(env).not.toContain("hunter2");
    expect(decryptSecret(env, "org_a", ring)).toBe("hunter2-canary");
  });

  it("encrypts with the newest key and still decrypts the older version after rotation", () => {
    const old = encryptSecret("s", "org_a", parseKeyring(`1:${k1}`));
    const rotated = parseKeyring(`1:${k1},2:${k2}`);
    expect(secretKeyVersion(encryptSecret("s", "org_a", rotated))).toBe(2);
    expect(decryptSecret(old, "org_a", rotated)).toBe("s");
  });

  it("refuses a ciphertext moved to another organization", () => {
    const ring = parseKeyring(`1:${k1}`);
    expect(() => decryptSecret(encryptSecret("s", "org_a", ring), "org_b", ring)).toThrow();
  });

  it("rejects malformed key specs with a message that names the variable", () => {
    expect(() => parseKeyring("1:short")).toThrow(/INBOXWATCH_ENCRYPTION_KEYS/);
    expect(() => parseKeyring(undefined)).toThrow(/INBOXWATCH_ENCRYPTION_KEYS/);
  });
});

describe("passwords (argon2id)", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const h = await hashPassword("correct horse battery");
    expect(h.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(h, "correct horse battery")).toBe(true);
    expect(await verifyPassword(h, "wrong")).toBe(false);
  });
});
