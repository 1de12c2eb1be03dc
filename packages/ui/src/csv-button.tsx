"use client";

import { Button } from "./button.tsx";
import { type CsvColumn, csvFileName, toCsv } from "./csv.ts";
import { downloadText } from "./download.ts";

/**
 * "Download CSV" for rows that are not in a DataTable (a chart's points, a row of tiles): the same
 * RFC 4180 file with the formula guard, named after `title` and the date. DataTable uses it too.
 */
export function CsvButton<T>({ title, rows, columns }: { title: string; rows: readonly T[]; columns: readonly CsvColumn<T>[] }) {
  return (
    <Button variant="ghost" size="sm" disabled={rows.length === 0} onClick={() => downloadText(csvFileName(title), toCsv(rows, columns))}>
      Download CSV
    </Button>
  );
}
