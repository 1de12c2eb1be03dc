import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { DateRangePicker } from "./date-range-picker.tsx";
import { customRange, presetRange } from "./date-range.ts";

describe("date ranges", () => {
  const now = new Date("2026-12-07T12:00:00Z");

  it("counts presets back from now", () => {
    expect(presetRange("24h", now).from.toISOString()).toBe("2026-12-06T12:00:00.000Z");
    expect(presetRange("90d", now)).toEqual({ from: new Date("2026-09-08T12:00:00Z"), to: now });
  });

  it("takes both custom days whole and refuses from after to", () => {
    expect(customRange("2026-12-01", "2026-12-01")).toEqual({
      range: { from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-01T23:59:59.999Z") },
    });
    expect(customRange("2026-12-02", "2026-12-01")).toEqual({ error: "“From” must be on or before “to”." });
    expect(customRange("", "2026-12-01")).toEqual({ error: "Enter both dates." });
  });

  it("renders the presets as a labelled group of toggle buttons", () => {
    const html = renderToStaticMarkup(h(DateRangePicker, { value: "7d", onChange: () => undefined }));
    expect(html).toContain('role="group" aria-label="Time range"');
    expect(html).toMatch(/aria-pressed="true"[^>]*>7 d</);
    expect(html.match(/aria-pressed="false"/g)).toHaveLength(4);
  });
});
