/** DataTable as the server renders it: the four states, sorted headers and the page footer. */
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { DataTable, type DataColumn } from "./data-table.tsx";

interface Row {
  id: string;
  name: string;
  sent: number;
}
const columns: DataColumn<Row>[] = [
  { id: "name", header: "Name", cell: (r) => r.name, sortValue: (r) => r.name, csv: (r) => r.name },
  { id: "sent", header: "Sent", cell: (r) => r.sent, sortValue: (r) => r.sent, align: "right" },
  { id: "actions", header: "", cell: () => h("button", { type: "button" }, "Edit") },
];
const rows: Row[] = Array.from({ length: 57 }, (_, i) => ({ id: `r${i}`, name: `host${i}`, sent: i }));
const base = { columns, rowKey: (r: Row) => r.id, empty: { title: "No hosts", hint: "Add one." } };

describe("DataTable", () => {
  it("pages rows and says which are shown", () => {
    const html = renderToStaticMarkup(h(DataTable<Row>, { ...base, rows }));
    expect(html).toContain("1–20 of 57");
    expect(html.match(/<tr>/g)).toHaveLength(1 + 20);
    expect(html).toContain(">Next</button>");
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Previous<\/button>/);
  });

  it("marks the sorted column with aria-sort and leaves the others 'none'; unsortable headers have no button", () => {
    const html = renderToStaticMarkup(h(DataTable<Row>, { ...base, rows, initialSort: { columnId: "sent", direction: "desc" } }));
    expect(html).toContain('aria-sort="descending"');
    expect(html).toContain('aria-sort="none"');
    expect(html.match(/<th [^>]*>/g)?.[2]).not.toContain("aria-sort");
    // Highest first: host56 is on the first page, host0 is not.
    expect(html).toContain(">host56<");
    expect(html).not.toContain(">host0<");
  });

  it("offers the CSV download when titled and some column has a csv value", () => {
    expect(renderToStaticMarkup(h(DataTable<Row>, { ...base, rows: rows.slice(0, 2), csvTitle: "Hosts" }))).toContain("Download CSV");
    expect(renderToStaticMarkup(h(DataTable<Row>, { ...base, rows: rows.slice(0, 2) }))).not.toContain("Download CSV");
  });

  it("shows skeleton rows while loading, busy and announced", () => {
    const html = renderToStaticMarkup(h(DataTable<Row>, { ...base, rows: undefined }));
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain("animate-pulse");
    expect(html).toContain('role="status"');
  });

  it("shows the empty state with its hint, and the error with Retry", () => {
    expect(renderToStaticMarkup(h(DataTable<Row>, { ...base, rows: [] }))).toMatch(/No hosts.*Add one\./);
    const html = renderToStaticMarkup(h(DataTable<Row>, { ...base, rows, error: "boom", onRetry: () => undefined }));
    expect(html).toContain('role="alert"');
    expect(html).toContain("boom");
    expect(html).toContain(">Retry</button>");
    expect(html).not.toContain("<table");
  });
});
