/**
 * Reading an import CSV as a stream (csv-parse): one record in memory at a time, so a 100 MB file costs
 * what one batch costs. Physical line numbers are kept (header = 1, a quoted field spanning lines counts
 * them all), a byte-order mark is dropped, CRLF and LF both end records, and empty lines are skipped.
 */
import { type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import { CsvError, parse } from "csv-parse";

import {
  checkHeader,
  type ConversionRow,
  type ImportErrors,
  type ImportHeader,
  type ImportKind,
  type MetadataRow,
  parseConversionRecord,
  parseMetadataRecord,
} from "./format.ts";

export type ImportRow<K extends ImportKind> = K extends "metadata" ? MetadataRow : ConversionRow;

export interface CsvReadResult {
  header: ImportHeader | null;
  /** Data records read (the header not counted). */
  rowsRead: number;
}

/** Records past this many fields are refused early: a binary file or a wrong delimiter, not an import. */
const CSV_MAX_FIELDS = 64;

/**
 * Reads `source` and calls `visit` with each valid row (awaited: the parser waits for it, so a writer
 * applies backpressure); invalid rows are added to `errors`. A malformed file (an unclosed quote) stops
 * the read with one error at its line. `onProgress` is called every `progressEvery` records.
 */
export async function readImportCsv<K extends ImportKind>(
  kind: K,
  source: Readable,
  errors: ImportErrors,
  visit: (row: ImportRow<K>) => Promise<void> | void,
  progress?: { every: number; onProgress: (rowsRead: number) => Promise<void> },
): Promise<CsvReadResult> {
  const parser = parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 64 * 1024 });
  const result: CsvReadResult = { header: null, rowsRead: 0 };
  let sawHeader = false;
  // Physical lines are counted here: csv-parse's own `info.lines` counts a CRLF inside a quoted field twice.
  let lastLine = 0;
  let emptyLines = 0;
  const consume = async function* (records: AsyncIterable<{ record: string[]; info: { empty_lines: number } }>) {
    for await (const { record, info } of records) {
      const line = lastLine + 1 + (info.empty_lines - emptyLines);
      emptyLines = info.empty_lines;
      lastLine = line + record.reduce((n, f) => n + countLineBreaks(f), 0);
      const header = result.header;
      if (!sawHeader || !header) {
        sawHeader = true;
        result.header = checkHeader(kind, record, errors, line);
        if (!result.header) return;
        continue;
      }
      result.rowsRead++;
      if (record.length > CSV_MAX_FIELDS) {
        errors.add({ line, message: `${record.length} fields: is this a CSV with commas?` });
        return;
      }
      const row =
        kind === "metadata" ? parseMetadataRecord(header, record, line, errors) : parseConversionRecord(header, record, line, errors);
      if (row) await visit(row as ImportRow<K>);
      if (progress && result.rowsRead % progress.every === 0) await progress.onProgress(result.rowsRead);
    }
    yield* [];
  };
  try {
    await pipeline(source, parser, consume);
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const at = (err as CsvError & { lines?: number }).lines;
    errors.add({
      line: typeof at === "number" ? at : result.rowsRead + 1,
      message: `Not valid CSV: ${err.message.replace(/ at line \d+/, "")}`,
    });
  }
  if (!sawHeader && errors.count === 0) errors.add({ line: 1, message: "The file is empty: a header row is required" });
  return result;
}

/** Line breaks in a field: CRLF, LF or a lone CR each end one line. */
function countLineBreaks(text: string): number {
  if (!text.includes("\n") && !text.includes("\r")) return 0;
  return text.match(/\r\n|\n|\r/g)?.length ?? 0;
}
