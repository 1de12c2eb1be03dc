import { describe, expect, it } from "vitest";

import { type KpiFigure } from "./format";
import { machineOpenSummary } from "./machine-opens";

const figure = (id: string, current: KpiFigure["current"]): KpiFigure =>
  ({
    id,
    label: id,
    unit: "fraction",
    better: "higher",
    formula: "",
    source: "",
    caveat: "",
    volumeNoun: "messages",
    current,
    delta: null,
  }) as unknown as KpiFigure;

describe("machine open summary", () => {
  it("gives back the opened and machine-only counts from the two rates over the same delivered mail", () => {
    const s = machineOpenSummary(
      figure("open_rate", { state: "ok", value: 0.85, volume: 100 }),
      figure("human_open_rate", { state: "ok", value: 0.6, volume: 100 }),
    );
    expect(s).toEqual({ opened: 85, machineOnly: 25, share: 25 / 85 });
  });

  it("is null without a figure for either rate", () => {
    expect(machineOpenSummary(figure("open_rate", { state: "not-enough", volume: 40, minVolume: 100 }), undefined)).toBeNull();
    expect(machineOpenSummary(undefined, undefined)).toBeNull();
  });
});
