/**
 * The UI kit's accessible output, rendered to HTML as the server renders it: what a screen reader
 * gets from a sparkline, a status pill, a table, a field and the expand button. Written with
 * createElement, so it stays a .test.ts that Vitest's include pattern already finds (vitest.config.ts
 * compiles the components' JSX).
 */
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { CsvButton } from "./csv-button.tsx";
import { ExpandButton } from "./expand-button.tsx";
import { Notice } from "./feedback.tsx";
import { Field, Input } from "./form.tsx";
import { Sparkline } from "./sparkline.tsx";
import { shortDuration, StatusPill } from "./status-pill.tsx";
import { Table, Td } from "./table.tsx";

describe("Sparkline", () => {
  it("is an image named by its label, with a title for the pointer", () => {
    const html = renderToStaticMarkup(h(Sparkline, { values: [1, 5, 3], label: "Latency, last 24 h: 1 to 5 ms" }));
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-label="Latency, last 24 h: 1 to 5 ms"');
    expect(html).toContain("<title>Latency, last 24 h: 1 to 5 ms</title>");
    expect(html).toContain('data-sparkline="data"');
    expect(html).toMatch(/<path d="M/);
  });

  it("says 'no data yet' and draws a dashed baseline when there is no value", () => {
    for (const values of [[], [null, null]]) {
      const html = renderToStaticMarkup(h(Sparkline, { values, label: "Grade per day" }));
      expect(html).toContain('aria-label="Grade per day: no data yet"');
      expect(html).toContain('data-sparkline="empty"');
      expect(html).toContain("stroke-dasharray");
      expect(html).not.toContain("<path");
    }
  });

  it("draws one point as a dot, without a line", () => {
    const html = renderToStaticMarkup(h(Sparkline, { values: [42], label: "One probe", width: 100, height: 20 }));
    expect(html).toContain('aria-label="One probe"');
    expect(html).not.toContain("<path");
    expect(html.match(/<circle /g)).toHaveLength(1);
  });
});

describe("StatusPill", () => {
  const now = new Date("2026-12-07T12:00:00Z");

  it("writes the state out (never colour alone) and gives a screen reader the whole sentence once", () => {
    const since = new Date("2026-12-07T09:00:00Z");
    const html = renderToStaticMarkup(h(StatusPill, { state: "DOWN", since, prefix: "25", subject: "mx1 port 25", now }));
    expect(html).toContain('data-state="DOWN"');
    const sentence = `mx1 port 25: DOWN since ${since.toLocaleString()}`;
    expect(html).toContain(`<span class="sr-only">${sentence}</span>`);
    expect(html).toContain(`title="${sentence}"`);
    // The visible parts repeat the sentence, so they are hidden from assistive technology.
    expect(html).toContain('<span aria-hidden="true">DOWN</span>');
    expect(html).toContain('<span aria-hidden="true" class="font-mono">25</span>');
    expect(html).toContain(">3 h</span>");
  });

  it("says an unprobed monitor has not been probed yet", () => {
    expect(renderToStaticMarkup(h(StatusPill, { state: "UNKNOWN" }))).toContain('<span class="sr-only">UNKNOWN (not probed yet)</span>');
  });

  it("shortDuration: seconds, minutes, hours, days", () => {
    expect(shortDuration(new Date(now.getTime() - 30_000), now)).toBe("30 s");
    expect(shortDuration(new Date(now.getTime() - 10 * 60_000), now)).toBe("10 min");
    expect(shortDuration(new Date(now.getTime() - 5 * 3600_000), now)).toBe("5 h");
    expect(shortDuration(new Date(now.getTime() - 3 * 86_400_000), now)).toBe("3 d");
    expect(shortDuration(new Date(now.getTime() + 60_000), now)).toBe("0 s");
  });
});

describe("Table", () => {
  it("renders column headers with scope='col' in a thead, and the rows in a tbody", () => {
    const html = renderToStaticMarkup(
      h(Table, { head: ["Host", "State"], children: h("tr", null, h(Td, null, "mx1"), h(Td, { className: "whitespace-normal" }, "UP")) }),
    );
    expect(html.match(/<th scope="col"[^>]*>Host<\/th>/)).toBeTruthy();
    expect(html.match(/<th scope="col"[^>]*>State<\/th>/)).toBeTruthy();
    expect(html).toMatch(
      /<thead>.*<\/thead><tbody[^>]*><tr><td class="whitespace-nowrap [^"]*">mx1<\/td><td class="px-5 py-3 text-slate-700 whitespace-normal">UP<\/td><\/tr><\/tbody>/,
    );
  });
});

describe("forms and feedback", () => {
  it("Field labels its control and shows the error as an alert in place of the hint", () => {
    const ok = renderToStaticMarkup(
      h(Field, { label: "Hostname", htmlFor: "host", hint: "The name the MX record gives", children: h(Input, { id: "host" }) }),
    );
    expect(ok).toContain('<label for="host"');
    expect(ok).toContain('id="host"');
    expect(ok).toContain("The name the MX record gives");
    const bad = renderToStaticMarkup(
      h(Field, { label: "Hostname", htmlFor: "host", hint: "hint", error: "Not a hostname", children: h(Input, { id: "host" }) }),
    );
    expect(bad).toContain('role="alert"');
    expect(bad).toContain("Not a hostname");
    expect(bad).not.toContain("hint");
  });

  it("Notice: red is an alert, the other tones a status", () => {
    expect(renderToStaticMarkup(h(Notice, null, "Failed"))).toContain('role="alert"');
    expect(renderToStaticMarkup(h(Notice, { tone: "amber" }, "Careful"))).toContain('role="status"');
  });

  it("ExpandButton names itself and says whether it is open", () => {
    const closed = renderToStaticMarkup(h(ExpandButton, { expanded: false, controls: "row-1", what: "12:00", onToggle: () => {} }));
    expect(closed).toContain('aria-expanded="false"');
    expect(closed).toContain('aria-controls="row-1"');
    expect(closed).toContain("Show details of 12:00");
    expect(renderToStaticMarkup(h(ExpandButton, { expanded: true, controls: "row-1", onToggle: () => {} }))).toContain("Hide details");
  });
});

describe("CsvButton", () => {
  it("offers the download, and is disabled when there is no row to write", () => {
    const columns = [{ header: "Port", csv: (r: { port: number }) => r.port }];
    const html = renderToStaticMarkup(h(CsvButton<{ port: number }>, { title: "Ports", rows: [{ port: 25 }], columns }));
    expect(html).toContain("Download CSV");
    expect(html).not.toContain('disabled=""');
    expect(renderToStaticMarkup(h(CsvButton<{ port: number }>, { title: "Ports", rows: [], columns }))).toContain('disabled=""');
  });
});
