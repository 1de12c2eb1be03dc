/**
 * Local-host (bounce generator) formats. Each MTA or provider writes its bounces its own way; a module
 * here recognises one generator and either reads its recipients itself (`parse`, for formats without
 * RFC 3464 fields) or corrects what the generic reader found (`refine`: the generator's own error
 * strings, its way of stating delays). Ported from Sisimai's lhost/via-*.go
 * (https://github.com/sisimai/go-sisimai, BSD 2-Clause, Copyright (C) 2024-2025 azumakuniyuki and
 * sisimai development team); each module cites the generator's source or documentation.
 */
import { type BounceReason } from "../types.ts";

/** The parts of a bounce mail that the format modules look at. */
export interface BounceMail {
  subject: string;
  /** The From header as written (display name and address). */
  from: string;
  messageId: string;
  /** Lower-case header name → value(s), as mailparser decoded them. */
  header(name: string): string;
  /** Every body text part, delivery-status included, joined by newlines. */
  text: string;
  /** The human-readable part: the text before the returned message. */
  human: string;
  /** The returned message or its headers (message/rfc822, text/rfc822-headers parts), as text. */
  returned: string;
}

/** One recipient as read from a bounce, before classification (RFC 3464 §2.3 field names). */
export interface Draft {
  address: string;
  diagnostic: string;
  status: string;
  diagnosticType: string;
  action: string;
  command: string;
  remoteMta: string;
  originalRecipient: string;
  reason?: BounceReason;
}

export interface Lhost {
  name: string;
  /** Whether this mail was written by this generator. */
  detect(mail: BounceMail): boolean;
  /** Reads the recipients itself; undefined when the format is not what was expected. */
  parse?(mail: BounceMail): Draft[] | undefined;
  /** Corrects drafts the generic reader produced from this generator's mail. */
  refine?(mail: BounceMail, drafts: Draft[]): void;
}

export function emptyDraft(address: string): Draft {
  return { address, diagnostic: "", status: "", diagnosticType: "", action: "", command: "", remoteMta: "", originalRecipient: "" };
}

/** The first reason whose phrases occur in `text` (case as given), or undefined. */
export function reasonByPhrases(text: string, table: Partial<Record<BounceReason, readonly string[]>>): BounceReason | undefined {
  for (const [reason, phrases] of Object.entries(table) as [BounceReason, readonly string[]][]) {
    if (phrases.some((p) => text.includes(p))) return reason;
  }
  return undefined;
}

/** The text before the first of `boundaries` (a returned-message marker), or all of it. */
export function beforeAny(text: string, boundaries: readonly string[]): string {
  let end = text.length;
  for (const b of boundaries) {
    const at = text.indexOf(b);
    if (at >= 0 && at < end) end = at;
  }
  return text.slice(0, end);
}
