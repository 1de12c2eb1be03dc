"use client";

import { Fragment, useMemo, useState, type ReactNode } from "react";

import { Button } from "./button.tsx";
import { Card } from "./card.tsx";
import { cn } from "./cn.ts";
import { type CsvValue } from "./csv.ts";
import { CsvButton } from "./csv-button.tsx";
import { nextSort, pageWindow, sortRows, type SortState, type SortValue } from "./data-table-state.ts";
import { EmptyState, Notice } from "./feedback.tsx";

export interface DataColumn<T> {
  /** Stable id: the sort key and the React key. */
  id: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Makes the column sortable by this value. */
  sortValue?: (row: T) => SortValue;
  /** Puts the column in the CSV file with this value (header: `csvHeader`, else the header if it is text, else the id). */
  csv?: (row: T) => CsvValue;
  csvHeader?: string;
  align?: "left" | "right";
  /** Classes of the body cells (`whitespace-normal` for long text; cells do not wrap otherwise). */
  className?: string;
}

export interface DataTableProps<T> {
  columns: readonly DataColumn<T>[];
  /** undefined while the first load runs. */
  rows: readonly T[] | undefined;
  rowKey: (row: T) => string;
  loading?: boolean;
  /** A load failure, shown in place of the table with a Retry button when `onRetry` is given. */
  error?: string | null;
  onRetry?: () => void;
  /** What to show when there is no row (a dashed box with the title, the hint and the action). */
  empty: { title: ReactNode; hint?: ReactNode; action?: ReactNode; icon?: ReactNode };
  /** Rows per page; 0 shows every row. */
  pageSize?: number;
  initialSort?: SortState;
  /** Shows "Download CSV" (columns with `csv`), the file named after this title and the date. */
  csvTitle?: string;
  /** The table's accessible name (a visually hidden caption). */
  caption?: string;
  rowClassName?: (row: T) => string | undefined;
  /** Rows rendered under a row (an expanded detail row). */
  renderAfterRow?: (row: T) => ReactNode;
  /** false: the table without its card (the caller's card holds it). */
  card?: boolean;
}

const SKELETON_ROWS = 3;

/**
 * A table with client-side sorting (buttons in the headers, `aria-sort` on the sorted one), pages, a CSV
 * download and the four states every list has: loading (skeleton rows), error (message and Retry),
 * empty (what to do next) and data.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { columns, rows, rowKey, error, onRetry, empty, pageSize = 20, caption, rowClassName, renderAfterRow, card = true } = props;
  const [sort, setSort] = useState<SortState | null>(props.initialSort ?? null);
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => {
    const column = sort ? columns.find((c) => c.id === sort.columnId) : undefined;
    return rows && column?.sortValue && sort ? sortRows(rows, column.sortValue, sort.direction) : (rows ?? []);
  }, [rows, columns, sort]);

  if (error)
    return (
      <Notice title="Could not load this list">
        <span className="flex flex-wrap items-center justify-between gap-3">
          {error}
          {onRetry ? (
            <Button variant="secondary" size="sm" onClick={onRetry}>
              Retry
            </Button>
          ) : null}
        </span>
      </Notice>
    );
  const loading = props.loading || rows === undefined;
  if (!loading && sorted.length === 0)
    return (
      <EmptyState icon={empty.icon} title={empty.title} action={empty.action}>
        {empty.hint}
      </EmptyState>
    );

  const window = pageWindow(sorted.length, page, pageSize);
  const shown = sorted.slice(window.start, window.end);
  const csvColumns = columns.flatMap((c) =>
    c.csv ? [{ header: c.csvHeader ?? (typeof c.header === "string" ? c.header : c.id), csv: c.csv }] : [],
  );
  const csvTitle = props.csvTitle;
  const table = (
    <>
      <div className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-600" tabIndex={0}>
        <table className="min-w-full divide-y divide-slate-200 text-sm" aria-busy={loading || undefined}>
          {caption ? <caption className="sr-only">{caption}</caption> : null}
          <thead>
            <tr>
              {columns.map((c) => (
                <HeaderCell key={c.id} column={c} sort={sort} onSort={() => (setSort(nextSort(sort, c.id)), setPage(0))} />
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {loading
              ? Array.from({ length: SKELETON_ROWS }, (_, i) => (
                  <tr key={i} aria-hidden>
                    {columns.map((c) => (
                      <td key={c.id} className="px-5 py-3">
                        <div className="h-4 animate-pulse rounded bg-slate-100" />
                      </td>
                    ))}
                  </tr>
                ))
              : shown.map((row) => (
                  <Fragment key={rowKey(row)}>
                    <tr className={rowClassName?.(row)}>
                      {columns.map((c) => (
                        <td
                          key={c.id}
                          className={cn(
                            !c.className?.includes("whitespace-") && "whitespace-nowrap",
                            "px-5 py-3 text-slate-700",
                            c.align === "right" && "text-right",
                            c.className,
                          )}
                        >
                          {c.cell(row)}
                        </td>
                      ))}
                    </tr>
                    {renderAfterRow?.(row)}
                  </Fragment>
                ))}
          </tbody>
        </table>
      </div>
      {loading ? (
        <span className="sr-only" role="status">
          Loading
        </span>
      ) : window.pageCount > 1 || (csvTitle && csvColumns.length) ? (
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 px-5 py-2.5 text-xs text-slate-500">
          <span aria-live="polite">{window.label}</span>
          <span className="flex items-center gap-2">
            {csvTitle && csvColumns.length ? <CsvButton title={csvTitle} rows={sorted} columns={csvColumns} /> : null}
            {window.pageCount > 1 ? (
              <>
                <Button variant="secondary" size="sm" disabled={window.page === 0} onClick={() => setPage(window.page - 1)}>
                  Previous
                </Button>
                <Button
                  variant="secondary"
                  size="sm"
                  disabled={window.page >= window.pageCount - 1}
                  onClick={() => setPage(window.page + 1)}
                >
                  Next
                </Button>
              </>
            ) : null}
          </span>
        </div>
      ) : null}
    </>
  );
  return card ? <Card>{table}</Card> : table;
}

function HeaderCell<T>({ column, sort, onSort }: { column: DataColumn<T>; sort: SortState | null; onSort: () => void }) {
  const direction = sort?.columnId === column.id ? sort.direction : null;
  const base = "whitespace-nowrap px-5 py-2.5 text-xs font-semibold uppercase tracking-wide text-slate-500";
  const align = column.align === "right" ? "text-right" : "text-left";
  if (!column.sortValue)
    return (
      <th scope="col" className={cn(base, align)}>
        {column.header}
      </th>
    );
  return (
    <th
      scope="col"
      className={cn(base, align)}
      aria-sort={direction === "asc" ? "ascending" : direction === "desc" ? "descending" : "none"}
    >
      {/* A button, so the sort is reached with Tab and pressed with Enter or Space. */}
      <button
        type="button"
        onClick={onSort}
        className="inline-flex items-center gap-1 uppercase tracking-wide hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
      >
        {column.header}
        {/* An icon, not a glyph: it carries no text of its own (the state is aria-sort on the header). */}
        <svg
          aria-hidden
          viewBox="0 0 10 10"
          className={cn("size-2.5", direction ? "text-slate-700" : "text-slate-300")}
          fill="currentColor"
        >
          <path d={direction === "desc" ? "M1 3h8L5 8z" : "M1 7h8L5 2z"} />
        </svg>
      </button>
    </th>
  );
}
