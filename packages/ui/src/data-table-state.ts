/** The pure half of DataTable: sorting and the page window, so both can be tested without a DOM. */

export type SortDirection = "asc" | "desc";
export type SortValue = string | number | boolean | Date | null | undefined;
export interface SortState {
  columnId: string;
  direction: SortDirection;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Compares two cell values; empty values (null, undefined, "") sort last whatever the direction. */
export function compareSortValues(a: SortValue, b: SortValue, direction: SortDirection): number {
  const aEmpty = a === null || a === undefined || a === "";
  const bEmpty = b === null || b === undefined || b === "";
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? 1 : -1;
  const sign = direction === "asc" ? 1 : -1;
  if (typeof a === "string" && typeof b === "string") return sign * collator.compare(a, b);
  const an = a instanceof Date ? a.getTime() : Number(a);
  const bn = b instanceof Date ? b.getTime() : Number(b);
  return sign * (an === bn ? 0 : an < bn ? -1 : 1);
}

/** A sorted copy (stable: equal rows keep the server's order). */
export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, direction: SortDirection): T[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((x, y) => compareSortValues(value(x.row), value(y.row), direction) || x.index - y.index)
    .map((x) => x.row);
}

/** The next state when a header is pressed: a new column sorts ascending, the same column flips. */
export function nextSort(current: SortState | null, columnId: string): SortState {
  if (current?.columnId === columnId) return { columnId, direction: current.direction === "asc" ? "desc" : "asc" };
  return { columnId, direction: "asc" };
}

export interface PageWindow {
  /** Zero-based page, clamped to the pages there are. */
  page: number;
  pageCount: number;
  /** Slice bounds into the rows: [start, end). */
  start: number;
  end: number;
  /** "1–20 of 57", "0 of 0". */
  label: string;
}

export function pageWindow(total: number, page: number, pageSize: number): PageWindow {
  const size = pageSize > 0 ? pageSize : Math.max(total, 1);
  const pageCount = Math.max(1, Math.ceil(total / size));
  const clamped = Math.min(Math.max(0, page), pageCount - 1);
  const start = clamped * size;
  const end = Math.min(total, start + size);
  const label = total === 0 ? "0 of 0" : `${start + 1}–${end} of ${total}`;
  return { page: clamped, pageCount, start, end, label };
}
