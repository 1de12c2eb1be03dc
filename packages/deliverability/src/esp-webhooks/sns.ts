/**
 * Amazon SNS message signatures (how SES events arrive over HTTPS): the canonical string of the message's
 * fields, signed with the key of the certificate at SigningCertURL — SHA1withRSA for SignatureVersion 1,
 * SHA256withRSA for 2. The certificate URL must be Amazon's (an https URL on sns.<region>.amazonaws.com),
 * or anyone could sign with their own certificate; tests and self-hosters widen it with SNS_CERT_URL_PATTERN.
 */
import { verify, X509Certificate } from "node:crypto";

import { type VerifyResult } from "./signatures.ts";

export const DEFAULT_SNS_CERT_URL_PATTERN = /^https:\/\/sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[^?#]+\.pem$/;

export interface SnsMessage {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  Token?: string;
  SubscribeURL?: string;
}

const REQUIRED = ["Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL"] as const;

/** The body as an SNS message, or null when it is not one. */
export function parseSnsMessage(value: unknown): SnsMessage | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const text = (key: string) => (typeof v[key] === "string" ? v[key] : undefined);
  const optional = (key: string) =>
    v[key] === undefined || typeof v[key] === "string" ? { ok: true, value: text(key) } : { ok: false, value: undefined };
  const [Type, MessageId, TopicArn, Message, Timestamp, SignatureVersion, Signature, SigningCertURL] = REQUIRED.map(text);
  const [subject, token, subscribeUrl] = ["Subject", "Token", "SubscribeURL"].map(optional);
  if (
    Type === undefined ||
    MessageId === undefined ||
    TopicArn === undefined ||
    Message === undefined ||
    Timestamp === undefined ||
    SignatureVersion === undefined ||
    Signature === undefined ||
    SigningCertURL === undefined ||
    !subject?.ok ||
    !token?.ok ||
    !subscribeUrl?.ok
  ) {
    return null;
  }
  return {
    Type,
    MessageId,
    TopicArn,
    Message,
    Timestamp,
    SignatureVersion,
    Signature,
    SigningCertURL,
    ...(subject.value !== undefined ? { Subject: subject.value } : {}),
    ...(token.value !== undefined ? { Token: token.value } : {}),
    ...(subscribeUrl.value !== undefined ? { SubscribeURL: subscribeUrl.value } : {}),
  };
}

/** The string SNS signs: the listed fields in this order, "Name\nvalue\n" each (Subject only when present). */
export function snsCanonicalString(m: SnsMessage): string {
  const fields =
    m.Type === "Notification"
      ? (["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"] as const)
      : (["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"] as const);
  return fields
    .filter((f) => m[f] !== undefined)
    .map((f) => `${f}\n${m[f] ?? ""}\n`)
    .join("");
}

export async function verifySnsMessage(
  m: SnsMessage,
  fetchCertificate: (url: string) => Promise<string>,
  certUrlPattern: RegExp = DEFAULT_SNS_CERT_URL_PATTERN,
): Promise<VerifyResult> {
  if (!certUrlPattern.test(m.SigningCertURL)) return { ok: false, reason: "The SNS signing certificate is not Amazon's" };
  const algorithm = m.SignatureVersion === "1" ? "sha1" : m.SignatureVersion === "2" ? "sha256" : null;
  if (!algorithm) return { ok: false, reason: `Unknown SNS SignatureVersion "${m.SignatureVersion}"` };
  let publicKey;
  try {
    publicKey = new X509Certificate(await fetchCertificate(m.SigningCertURL)).publicKey;
  } catch (err) {
    return { ok: false, reason: `The SNS signing certificate could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
  const ok = verify(algorithm, Buffer.from(snsCanonicalString(m)), publicKey, Buffer.from(m.Signature, "base64"));
  return ok ? { ok: true } : { ok: false, reason: "The SNS signature does not match" };
}
