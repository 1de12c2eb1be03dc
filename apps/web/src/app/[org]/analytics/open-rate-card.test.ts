import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { type KpiFigure } from "./format";
import { OpenRateFigure } from "./open-rate-card";

const figure = (id: string, label: string, value: number): KpiFigure =>
  ({
    id,
    label,
    unit: "fraction",
    better: "higher",
    formula: `${id} formula`,
    source: "",
    caveat: `${id} caveat`,
    volumeNoun: "messages",
    current: { state: "ok", value, volume: 100 },
    delta: null,
  }) as unknown as KpiFigure;

const kpis = [
  figure("open_rate", "Opens (including machine opens)", 0.85),
  figure("human_open_rate", "Human opens (excluding machine opens)", 0.6),
];
const render = (excludeMachine: boolean) =>
  renderToStaticMarkup(h(OpenRateFigure, { kpis, excludeMachine, onExcludeMachine: () => undefined }));

describe("the open-rate card", () => {
  it("shows every open by default and says how many opened messages only machines opened", () => {
    const html = render(false);
    expect(html).toContain("Opens (including machine opens)");
    expect(html).toMatch(/data-kpi="open_rate"[^>]*>85\.0 %</);
    expect(html).toContain("25 of 85 opened messages (29.4 %) were opened only by machines, such as Apple Mail Privacy Protection.");
    expect(html).toMatch(/<input type="checkbox"\/?>/);
    expect(html).toContain("Exclude machine opens");
  });

  it("switches to the human open rate when machine opens are excluded", () => {
    const html = render(true);
    expect(html).toContain("Human opens (excluding machine opens)");
    expect(html).toMatch(/data-kpi="human_open_rate"[^>]*>60\.0 %</);
    expect(html).toMatch(/<input type="checkbox" checked=""\/?>/);
    expect(html).toContain("human_open_rate caveat");
  });
});
