import { describe, expect, it } from "vitest";

import { compareSortValues, nextSort, pageWindow, sortRows } from "./data-table-state.ts";

describe("sortRows", () => {
  const rows = [
    { name: "mx10", n: 3, at: new Date("2026-01-03") },
    { name: "mx2", n: null, at: new Date("2026-01-01") },
    { name: "Mx1", n: 1, at: new Date("2026-01-02") },
  ];

  it("sorts text naturally and case-insensitively (mx2 before mx10)", () => {
    expect(sortRows(rows, (r) => r.name, "asc").map((r) => r.name)).toEqual(["Mx1", "mx2", "mx10"]);
    expect(sortRows(rows, (r) => r.name, "desc").map((r) => r.name)).toEqual(["mx10", "mx2", "Mx1"]);
  });

  it("sorts dates and numbers, empty values last in both directions", () => {
    expect(sortRows(rows, (r) => r.at, "asc").map((r) => r.name)).toEqual(["mx2", "Mx1", "mx10"]);
    expect(sortRows(rows, (r) => r.n, "asc").map((r) => r.name)).toEqual(["Mx1", "mx10", "mx2"]);
    expect(sortRows(rows, (r) => r.n, "desc").map((r) => r.name)).toEqual(["mx10", "Mx1", "mx2"]);
  });

  it("is stable and does not touch its input", () => {
    const same = [
      { k: 1, id: "a" },
      { k: 1, id: "b" },
      { k: 0, id: "c" },
    ];
    expect(sortRows(same, (r) => r.k, "asc").map((r) => r.id)).toEqual(["c", "a", "b"]);
    expect(same.map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect(compareSortValues(true, false, "asc")).toBe(1);
  });
});

describe("nextSort", () => {
  it("sorts a new column ascending and flips the same one", () => {
    expect(nextSort(null, "name")).toEqual({ columnId: "name", direction: "asc" });
    expect(nextSort({ columnId: "name", direction: "asc" }, "name")).toEqual({ columnId: "name", direction: "desc" });
    expect(nextSort({ columnId: "name", direction: "desc" }, "age")).toEqual({ columnId: "age", direction: "asc" });
  });
});

describe("pageWindow", () => {
  it("labels the rows shown, en dash and all", () => {
    expect(pageWindow(57, 0, 20)).toMatchObject({ start: 0, end: 20, pageCount: 3, label: "1–20 of 57" });
    expect(pageWindow(57, 2, 20)).toMatchObject({ start: 40, end: 57, label: "41–57 of 57" });
  });

  it("clamps a page past the end (rows were deleted) and handles no rows and no paging", () => {
    expect(pageWindow(21, 5, 20)).toMatchObject({ page: 1, start: 20, end: 21 });
    expect(pageWindow(0, 0, 20)).toMatchObject({ page: 0, pageCount: 1, label: "0 of 0" });
    expect(pageWindow(57, 0, 0)).toMatchObject({ start: 0, end: 57, pageCount: 1 });
  });
});
