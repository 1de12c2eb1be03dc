import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";

import { barChartSvg, escapeXml, sparklineSvg, stackedBarSvg } from "./svg.ts";

function expectWellFormed(svg: string): void {
  expect(XMLValidator.validate(svg)).toBe(true);
  expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-label="[^"]+"/);
  expect(svg).toContain("<title>");
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

describe("sparklineSvg", () => {
  it("states every day's figure in its label and marks the last point", () => {
    const svg = sparklineSvg([0.97, 0.95, 0.96], { label: "Accepted by day", format: pct, pointLabels: ["Mon 30", "Tue 1", "Wed 2"] });
    expectWellFormed(svg);
    expect(svg).toContain('aria-label="Accepted by day: Mon 30 97.0 %, Tue 1 95.0 %, Wed 2 96.0 %"');
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).toMatch(/<circle [^>]*r="2.6"/);
  });

  it("leaves a gap for a day without a figure instead of drawing it as zero", () => {
    const svg = sparklineSvg([0.5, 0.6, null, 0.7, 0.8], { label: "Rate", format: pct });
    expectWellFormed(svg);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain("day 3 no figure");
  });

  it("draws a dashed baseline when there is no figure at all", () => {
    const svg = sparklineSvg([null, null], { label: "DMARC pass", format: pct });
    expectWellFormed(svg);
    expect(svg).toContain("stroke-dasharray");
    expect(svg).not.toContain("<path");
  });
});

describe("barChartSvg and stackedBarSvg", () => {
  it("label every bar with its figure and the previous period's", () => {
    const svg = barChartSvg(
      [
        { label: "Microsoft", value: 0.086, display: "8.6 %", previous: { value: 0.021, display: "2.1 %" } },
        { label: "Gmail", value: 0.012, display: "1.2 %" },
      ],
      { title: "Deferral rate by provider", previousLabel: "previous period" },
    );
    expectWellFormed(svg);
    expect(svg).toContain('aria-label="Deferral rate by provider: Microsoft 8.6 % (previous period 2.1 %), Gmail 1.2 %"');
    expect(svg).toContain(">8.6 %</text>");
  });

  it("splits one bar into shares with a legend", () => {
    const svg = stackedBarSvg(
      [
        { label: "Gmail", value: 60, display: "60 %" },
        { label: "Yahoo", value: 40, display: "40 %" },
      ],
      { title: "Share of messages" },
    );
    expectWellFormed(svg);
    expect(svg).toContain('aria-label="Share of messages: Gmail 60 %, Yahoo 40 %"');
  });

  it("escape hostile labels in text and attributes", () => {
    const hostile = `"><script>alert(1)</script>&`;
    for (const svg of [
      barChartSvg([{ label: hostile, value: 1, display: hostile }], { title: hostile }),
      stackedBarSvg([{ label: hostile, value: 1, display: "1" }], { title: "t" }),
      sparklineSvg([1], { label: hostile, format: String }),
    ]) {
      expectWellFormed(svg);
      expect(svg).not.toContain("<script>");
    }
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  });
});
