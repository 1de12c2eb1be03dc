import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { ChartFrame } from "./chart-frame.tsx";
import { chartColors, seriesColor } from "./chart-colors.ts";
import { PageLayout } from "./page-layout.tsx";

describe("PageLayout", () => {
  it("renders a breadcrumb landmark with the last crumb as the current page, then the one h1", () => {
    const html = renderToStaticMarkup(
      h(PageLayout, {
        title: "Alert rules",
        breadcrumbs: [{ label: "Alerts", href: "/demo/alerts" }, { label: "Rules" }],
        children: "body",
      }),
    );
    expect(html).toContain('<nav aria-label="Breadcrumb"');
    expect(html).toContain('<a href="/demo/alerts"');
    expect(html).toContain('<span aria-current="page" class="text-slate-700">Rules</span>');
    expect(html.match(/<h1/g)).toHaveLength(1);
    expect(html).toContain("body");
  });

  it("leaves the trail out when there is none", () => {
    expect(renderToStaticMarkup(h(PageLayout, { title: "Overview" }))).not.toContain("<nav");
  });
});

describe("ChartFrame", () => {
  it("is a figure named by its title and described for screen readers", () => {
    const html = renderToStaticMarkup(h(ChartFrame, { title: "Outcomes", description: "accepted 10, bounced 1", children: "svg" }));
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(html)?.[1];
    expect(html).toContain(`<span id="${labelledBy}"`);
    expect(html).toContain('class="sr-only">accepted 10, bounced 1</p>');
    expect(html).toContain("svg");
  });

  it("says there is not enough data instead of drawing, and shows a busy box while loading", () => {
    expect(renderToStaticMarkup(h(ChartFrame, { title: "T", empty: true, children: "svg" }))).toContain("Not enough data yet");
    expect(renderToStaticMarkup(h(ChartFrame, { title: "T", loading: true, children: "svg" }))).toContain('aria-busy="true"');
  });

  it("cycles the series palette", () => {
    expect(seriesColor(0)).toBe(chartColors.series[0]);
    expect(seriesColor(chartColors.series.length + 1)).toBe(chartColors.series[1]);
  });
});
