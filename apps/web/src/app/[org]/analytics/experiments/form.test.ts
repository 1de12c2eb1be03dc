import { describe, expect, it } from "vitest";

import { emptyExperimentForm, ZExperimentForm } from "./form-schema";
import { formatPoints, formatPValue, formatRate, formatRefreshed, sampleProgress, verdictBadge } from "./format";

describe("the experiment form", () => {
  const valid = { ...emptyExperimentForm(new Date("2026-12-01T12:00:00Z")), name: "Subject line", endsOn: "2026-12-14" };

  it("turns confidence into α, points into a fraction and UTC days into a window that includes the last day", () => {
    const parsed = ZExperimentForm.safeParse({ ...valid, confidence: "90", mdePoints: "2.5" });
    expect(parsed.success && parsed.data).toMatchObject({
      alpha: 0.1,
      mde: 0.025,
      startsAt: new Date("2026-12-01T00:00:00Z"),
      endsAt: new Date("2026-12-15T00:00:00Z"),
      variants: [{ key: "A", label: "Control" }, { key: "B" }],
    });
  });

  it("says what is wrong: duplicate or empty keys, a last day before the first, an MDE out of range", () => {
    const issues = (v: object) => {
      const r = ZExperimentForm.safeParse({ ...valid, ...v });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(
      issues({
        variants: [
          { key: "A", label: "", description: "" },
          { key: "A", label: "", description: "" },
        ],
      }),
    ).toEqual(['variants: Two variants share the key "A"']);
    expect(
      issues({
        variants: [
          { key: "A", label: "", description: "" },
          { key: " ", label: "", description: "" },
        ],
      }),
    ).toEqual(["variants: Variant 2 needs a key (its tag or sending domain)"]);
    expect(issues({ endsOn: "2026-11-30" })).toEqual(["endsOn: The last day must be after the first"]);
    expect(issues({ mdePoints: "0" })).toEqual(["mdePoints: Above 0 points"]);
    expect(issues({ name: "" })).toEqual(["name: Name the experiment"]);
  });
});

describe("experiment formats", () => {
  it("never print NaN: null rates are 'no data', small rates keep their digits", () => {
    expect(formatRate(null)).toBe("no data");
    expect(formatRate(0.2)).toBe("20.0 %");
    expect(formatRate(0.00042)).toBe("0.04 %");
    expect(formatPoints(0.021)).toBe("+2.1 pts");
    expect(formatPoints(-0.004)).toBe("−0.4 pts");
    expect(formatPoints(-0.0004)).toBe("−0.04 pts");
    expect(formatPoints(Number.NaN)).toBe("no data");
    expect(formatPValue(0.0004)).toBe("< 0.001");
    expect(formatPValue(0.0312)).toBe("0.031");
    expect(formatPValue(null)).toBe("—");
  });

  it("badge a verdict in words and measure progress to the planned sample", () => {
    expect(verdictBadge({ kind: "winner", variant: "B" }, (k) => `Variant ${k}`)).toEqual({ tone: "green", text: "Winner: Variant B" });
    expect(verdictBadge(null, (k) => k).text).toBe("Not computed yet");
    expect(sampleProgress(500, 1000)).toBe(0.5);
    expect(sampleProgress(5000, 1000)).toBe(1);
    expect(sampleProgress(10, null)).toBeNull();
    const now = new Date("2026-12-07T12:00:00Z");
    expect(formatRefreshed(new Date("2026-12-07T11:48:00Z"), now)).toBe("12 min ago");
    expect(formatRefreshed(null, now)).toBe("never");
  });
});
