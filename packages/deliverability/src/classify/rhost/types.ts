/**
 * Remote-host rules: some providers document their own error codes or wording, and for mail they
 * answered, that documentation decides the reason before the generic phrase lists do. Ported from
 * Sisimai's rhost/for-*.go (https://github.com/sisimai/go-sisimai, BSD 2-Clause, Copyright (C)
 * 2024-2025 azumakuniyuki and sisimai development team); each file cites the provider's documentation.
 */
import { type BounceReason } from "../types.ts";

/** What a provider rule may look at: the codes and the reply as reported. */
export interface RhostFact {
  /** RFC 3463 enhanced status code, "" when unknown. */
  status: string;
  /** The reply text, whitespace-collapsed, original case. */
  diagnostic: string;
  /** The SMTP basic reply code, "" when unknown. */
  replyCode: string;
  /** The SMTP command the reply answered, upper-case, "" when unknown. */
  command: string;
}

export interface RemoteHost {
  name: string;
  /** Host-name suffixes (MX or reporting host) that identify the provider. */
  hosts: readonly string[];
  reasonFor(fact: RhostFact): BounceReason | "";
}

/** The first reason whose phrases occur in `lowerText`, or "". */
export function firstPhraseMatch(lowerText: string, table: Partial<Record<BounceReason, readonly string[]>>): BounceReason | "" {
  for (const [reason, phrases] of Object.entries(table) as [BounceReason, readonly string[]][]) {
    if (phrases.some((p) => lowerText.includes(p))) return reason;
  }
  return "";
}
