import type { ReactNode } from "react";

import type { DataColumn } from "@inboxwatch/ui";

/** The columns most tables are made of, so a table lists what it shows rather than how each cell is wired. */

const DASH = "–";

/** A figure: sorts by its value, goes to the CSV as the raw number, shows formatted ("–" where there is none). */
export function numberColumn<T>(
  id: string,
  header: string,
  value: (row: T) => number | null,
  format: (v: number) => ReactNode = (v) => v.toLocaleString("en-US"),
): DataColumn<T> {
  return {
    id,
    header,
    sortValue: value,
    csv: value,
    cell: (row) => {
      const v = value(row);
      return v === null ? DASH : format(v);
    },
  };
}

/** A text: sorts and exports as is, "–" where there is none; `className` for mono or small text. */
export function textColumn<T>(id: string, header: string, value: (row: T) => string | null, className?: string): DataColumn<T> {
  return { id, header, className, sortValue: value, csv: (row) => value(row) ?? "", cell: (row) => value(row) || DASH };
}
