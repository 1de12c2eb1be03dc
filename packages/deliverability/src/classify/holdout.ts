/**
 * An honest measure of the bounce classifier: the shared Sisimai corpus is split by MTA family (the file
 * name without its number: "lhost-postfix", "rhost-google", "rfc3464"…) into a part rules are tuned on
 * (A) and a part that is only ever scored as a whole (B). A family never straddles the split, so a rule
 * that merely learnt one sample's wording cannot lift B. The split is a hash of the family name, fixed
 * before any tuning, so it does not move as rules change.
 */
import { createHash } from "node:crypto";

import { parseBounce } from "./dsn.ts";

export type CorpusPart = "tune" | "heldout";

/** "sisimai/lhost-postfix-07.eml" → "lhost-postfix"; "sisimai/not/is-not-bounce-01.eml" → "not". */
export function familyOf(file: string): string {
  const base = file.slice(file.lastIndexOf("/") + 1).replace(/\.eml$/, "");
  if (file.includes("/not/")) return "not";
  return base.replace(/-\d+$/, "");
}

/** Families whose SHA-256 starts with a byte < 0x80 are tuned on; the rest are held out (about half each). */
const HELDOUT_FIRST_BYTE_MIN = 0x80;

export function partOf(family: string): CorpusPart {
  const first = createHash("sha256").update(family).digest()[0] ?? 0;
  return first < HELDOUT_FIRST_BYTE_MIN ? "tune" : "heldout";
}

/** One expected recipient record of expected.json (go-sisimai's publiclist). */
export interface ExpectedRecipient {
  reason: string;
  status: string;
  status_class: "permanent" | "transient" | "success" | null;
}

export interface ExpectedBounce {
  is_bounce: boolean;
  recipients: ExpectedRecipient[];
}

export interface Miss {
  file: string;
  index: number;
  wantReason: string;
  gotReason: string;
  wantClass: string;
  gotClass: string;
}

export interface PartScore {
  files: number;
  recipients: number;
  reasonOk: number;
  classOk: number;
  /** Only filled for the tuning part: the held-out part is looked at as a total, never per file. */
  misses: Miss[];
}

const emptyScore = (): PartScore => ({ files: 0, recipients: 0, reasonOk: 0, classOk: 0, misses: [] });

/** Scores every file of `expected` and returns the two parts' totals (misses listed for "tune" only). */
export async function scoreCorpus(
  expected: Record<string, ExpectedBounce>,
  read: (file: string) => Buffer,
): Promise<Record<CorpusPart, PartScore>> {
  const score: Record<CorpusPart, PartScore> = { tune: emptyScore(), heldout: emptyScore() };
  for (const [file, exp] of Object.entries(expected)) {
    const part = partOf(familyOf(file));
    const s = score[part];
    s.files++;
    const report = await parseBounce(read(file));
    exp.recipients.forEach((want, index) => {
      s.recipients++;
      const got = report.recipients[index];
      const wantClass = want.status_class === "success" || want.status_class === null ? "delivered" : want.status_class;
      const reasonOk = got?.reason === want.reason;
      const classOk = got?.class === wantClass;
      if (reasonOk) s.reasonOk++;
      if (classOk) s.classOk++;
      if (part === "tune" && !(reasonOk && classOk)) {
        s.misses.push({
          file,
          index,
          wantReason: want.reason,
          gotReason: got?.reason ?? "(none)",
          wantClass,
          gotClass: got?.class ?? "(none)",
        });
      }
    });
  }
  return score;
}

export function rate(ok: number, total: number): number {
  return total === 0 ? 0 : ok / total;
}
