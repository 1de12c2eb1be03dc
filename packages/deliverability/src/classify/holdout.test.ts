/**
 * The honest measure (holdout.ts): rules are tuned on one half of the shared corpus's MTA families and
 * scored on the other half, which is read only as a total. Figures at the time of writing: tuned part
 * 99.5 % reason / 100 % class, held-out part 98.9 % / 100 % (bench/bounces/README.md keeps them).
 */
import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { type ExpectedBounce, familyOf, partOf, rate, scoreCorpus } from "./holdout.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../../..", "../shared/corpus/bounces");

/** Issue 21 item 9's targets for mail of families the rules were not tuned on. */
const MIN_HELDOUT_REASON = 0.95;
const MIN_HELDOUT_CLASS = 0.995;

describe("bounce corpus split by MTA family", () => {
  it("keeps every family on one side, and both sides substantial", () => {
    const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, "expected.json"), "utf8")) as Record<string, ExpectedBounce>;
    const families = new Set(Object.keys(expected).map(familyOf));
    const heldOut = [...families].filter((f) => partOf(f) === "heldout");
    expect(familyOf("sisimai/lhost-postfix-07.eml")).toBe("lhost-postfix");
    expect(familyOf("sisimai/not/is-not-bounce-01.eml")).toBe("not");
    expect(heldOut.length).toBeGreaterThan(families.size / 3);
    expect(heldOut.length).toBeLessThan((families.size * 2) / 3);
  });

  it("meets the targets on the families the rules were not tuned on", async () => {
    const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, "expected.json"), "utf8")) as Record<string, ExpectedBounce>;
    const score = await scoreCorpus(expected, (file) => fs.readFileSync(path.join(CORPUS, file)));
    const held = score.heldout;
    console.log(
      `held-out families: ${held.recipients} recipients, reason ${(rate(held.reasonOk, held.recipients) * 100).toFixed(1)}%, class ${(rate(held.classOk, held.recipients) * 100).toFixed(1)}%`,
    );
    // Never listed: the held-out part is read as a total, or it would be tuned on too.
    expect(held.misses).toEqual([]);
    expect(rate(held.reasonOk, held.recipients)).toBeGreaterThanOrEqual(MIN_HELDOUT_REASON);
    expect(rate(held.classOk, held.recipients)).toBeGreaterThanOrEqual(MIN_HELDOUT_CLASS);
  });
});
