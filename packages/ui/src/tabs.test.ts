import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { Tabs, tabIndexForKey } from "./tabs.tsx";

describe("Tabs", () => {
  const tabs = [
    { id: "dmarc", label: "DMARC", content: "dmarc body" },
    { id: "tls", label: "TLS", content: "tls body" },
  ];

  it("has one tab stop, the selected tab, and every tab controls an existing panel", () => {
    const html = renderToStaticMarkup(h(Tabs, { tabs, label: "Report kinds", value: "tls" }));
    expect(html).toContain('role="tablist" aria-label="Report kinds"');
    expect(html.match(/tabindex="0"/g)).toHaveLength(2); // the selected tab and its panel
    expect(html).toMatch(/aria-selected="true"[^>]*tabindex="0"[^>]*>TLS</);
    for (const [, id] of html.matchAll(/aria-controls="([^"]+)"/g)) expect(html).toContain(`id="${id}"`);
    expect(html).toContain("tls body");
    expect(html).not.toContain("dmarc body");
    expect(html).toMatch(/role="tabpanel"[^>]*hidden=""/);
  });

  it("moves with the arrows (wrapping), Home and End", () => {
    expect(tabIndexForKey("ArrowRight", 1, 2)).toBe(0);
    expect(tabIndexForKey("ArrowLeft", 0, 3)).toBe(2);
    expect(tabIndexForKey("Home", 2, 3)).toBe(0);
    expect(tabIndexForKey("End", 0, 3)).toBe(2);
    expect(tabIndexForKey("a", 0, 3)).toBeNull();
  });
});
