import { createHash, randomBytes } from "node:crypto";

/** A URL-safe random token with `bytes` of entropy (32 bytes = 256 bits). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Tokens are stored as sha256 hex: a leaked table reveals no usable token. High-entropy input needs no salt. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
