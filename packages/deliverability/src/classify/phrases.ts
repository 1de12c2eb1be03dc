/**
 * Reply-text patterns per reason, lower-case. `any`: the text contains one of them; `ordered`: the text
 * contains all parts of one entry in this order; `unless`: none of these may appear.
 *
 * The phrases were collected by the Sisimai project (https://github.com/sisimai, reason/why-*.go),
 * Copyright (C) 2014-2026 azumakuniyuki and sisimai development team, BSD 2-Clause License; kept here as
 * data so our second-level reasons agree with theirs. Provider-specific phrases (Gmail, Microsoft, Yahoo,
 * Apple, GMX, Mail.ru, Yandex, Comcast, Orange, …) are listed with the reason they mean.
 */
import { MAILBOX_PHRASES } from "./phrases-mailbox.ts";
import { REMOTE_PHRASES } from "./phrases-remote.ts";
import { type BounceReason, type PhraseSet } from "./types.ts";

const PHRASES: Partial<Record<BounceReason, PhraseSet>> = { ...MAILBOX_PHRASES, ...REMOTE_PHRASES };

/** Whether `parts` occur in `text` one after another (each after the end of the previous). */
function containsInOrder(text: string, parts: readonly string[]): boolean {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

/** Whether the lower-cased reply text carries one of the reason's phrases. */
export function textMatches(reason: BounceReason, lowerText: string): boolean {
  if (lowerText === "") return false;
  const set = PHRASES[reason];
  if (!set) return false;
  if (set.unless?.some((p) => lowerText.includes(p))) return false;
  if (set.any.some((p) => lowerText.includes(p))) return true;
  return set.ordered?.some((parts) => containsInOrder(lowerText, parts)) ?? false;
}
