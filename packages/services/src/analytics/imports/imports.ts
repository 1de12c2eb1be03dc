/**
 * Metadata and conversion imports (issue 13 item 2): all rows or none, with a line-numbered error list
 * when none. A REST call (≤ IMPORT_MAX_API_ROWS rows) is validated and written before the reply; a CSV
 * upload is streamed to a file under the import folder and run by the worker (`analytics.import`): one
 * streaming pass validates the whole file, a second writes it in one transaction, in batches. Every import
 * leaves an AnalyticsImport row, failed ones too, so the page's history says what happened.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type ReadableStream as WebReadableStream } from "node:stream/web";

import { z } from "zod";

import { type AnalyticsImportKind, type Prisma, type Tx } from "@inboxwatch/db";
import { analyticsImportEnv } from "@inboxwatch/env";
import { sendJob } from "@inboxwatch/jobs";

import { recordAudit } from "../../audit/record.ts";
import { actorId, inTx, type OrgContext, type SystemContext } from "../../context.ts";
import { NotFoundError, TooLargeError, ValidationError } from "../../errors.ts";
import { getIngestSettings } from "../../ingest/settings.ts";
import { queueAnalyticsRefresh } from "../views/refresh.ts";
import { readImportCsv } from "./csv.ts";
import {
  type ConversionRow,
  IMPORT_COLUMNS,
  IMPORT_MAX_API_ROWS,
  type ImportError,
  ImportErrors,
  type ImportHeader,
  type ImportKind,
  type MetadataRow,
  parseConversionRecord,
  parseMetadataRecord,
  recordsOfJson,
} from "./format.ts";
import { IMPORT_BATCH_ROWS, type WriteTarget, writeConversionBatch, writeMetadataBatch } from "./write.ts";

/** Rows between two progress writes of a running CSV import. */
export const IMPORT_PROGRESS_EVERY_ROWS = 10_000;
/** How long the one import transaction may stay open: a 200 MB file is a few minutes on two cores. */
const IMPORT_TRANSACTION_TIMEOUT_MS = 30 * 60_000;

const KIND_TO_DB: Record<ImportKind, AnalyticsImportKind> = { metadata: "METADATA", conversions: "CONVERSIONS" };
const KIND_FROM_DB: Record<AnalyticsImportKind, ImportKind> = { METADATA: "metadata", CONVERSIONS: "conversions" };

export interface AnalyticsImportSummary {
  id: string;
  kind: ImportKind;
  via: "api" | "csv";
  fileName: string;
  sizeBytes: number;
  status: "PENDING" | "RUNNING" | "IMPORTED" | "FAILED";
  rowsRead: number;
  rowsImported: number;
  errors: ImportError[];
  /** Errors past the first IMPORT_MAX_ERRORS, counted only. */
  moreErrors: number;
  createdBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const select = {
  id: true,
  kind: true,
  via: true,
  fileName: true,
  sizeBytes: true,
  status: true,
  rowsRead: true,
  rowsImported: true,
  errors: true,
  createdById: true,
  createdAt: true,
  finishedAt: true,
} as const satisfies Prisma.AnalyticsImportSelect;
type ImportRowDb = Prisma.AnalyticsImportGetPayload<{ select: typeof select }>;

/** The stored form of an error list: the listed errors, then `{ line: 0, more: n }` when some were only counted. */
function storedErrors(errors: ImportErrors): Prisma.InputJsonValue {
  const list: Prisma.InputJsonValue[] = errors.list.map((e) => ({
    line: e.line,
    message: e.message,
    ...(e.column ? { column: e.column } : {}),
  }));
  if (errors.more > 0) list.push({ line: 0, more: errors.more, message: `${errors.more} more errors not listed` });
  return list;
}

/** AnalyticsImport.errors (JSON) read back with its shape checked: [{ line, column?, message, more? }]. */
const ZStoredErrors = z.array(
  z.object({ line: z.number(), column: z.string().optional(), message: z.string(), more: z.number().optional() }),
);

function toSummary(row: ImportRowDb, labels: Map<string, string>): AnalyticsImportSummary {
  const parsed = ZStoredErrors.safeParse(row.errors);
  const stored = parsed.success ? parsed.data : [];
  return {
    id: row.id,
    kind: KIND_FROM_DB[row.kind],
    via: row.via === "api" ? "api" : "csv",
    fileName: row.fileName,
    sizeBytes: Number(row.sizeBytes),
    status: row.status,
    rowsRead: row.rowsRead,
    rowsImported: row.rowsImported,
    errors: stored
      .filter((e) => e.more === undefined)
      .map(({ line, column, message }) => ({ line, message, ...(column ? { column } : {}) })),
    moreErrors: stored.find((e) => e.more !== undefined)?.more ?? 0,
    createdBy: row.createdById ? (labels.get(row.createdById) ?? null) : null,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

/** Who created each import, by name: members by name or address, API keys by their name. */
async function creatorLabels(ctx: OrgContext, rows: ImportRowDb[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.createdById).filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return new Map();
  const [users, keys] = await Promise.all([
    ctx.db.user.findMany({
      where: { id: { in: ids }, memberships: { some: { orgId: ctx.orgId } } },
      select: { id: true, name: true, email: true },
    }),
    ctx.db.apiKey.findMany({ where: { id: { in: ids }, orgId: ctx.orgId }, select: { id: true, name: true } }),
  ]);
  return new Map([...users.map((u) => [u.id, u.name || u.email] as const), ...keys.map((k) => [k.id, `API key ${k.name}`] as const)]);
}

// ——— REST: synchronous, ≤ IMPORT_MAX_API_ROWS rows ———

/**
 * REST rows as records under a header of every column of the kind: a key a row lacks is an empty cell
 * (so a required one is reported on that row), and `present` is the keys the rows named.
 */
function jsonRecords(
  kind: ImportKind,
  rows: readonly unknown[],
  errors: ImportErrors,
): { header: ImportHeader; records: (string[] | null)[] } {
  if (rows.length > IMPORT_MAX_API_ROWS)
    throw new TooLargeError(`${rows.length} rows: a REST import takes at most ${IMPORT_MAX_API_ROWS}; upload a CSV file for more`);
  if (rows.length === 0) throw new ValidationError("No rows to import");
  const columns = IMPORT_COLUMNS[kind];
  const known = new Set(columns);
  const present = new Set<string>();
  const reported = new Set<string>();
  const objects = rows.map((row, i) => {
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      errors.add({ line: i + 1, message: "A row must be a JSON object" });
      return null;
    }
    for (const key of Object.keys(row)) {
      const name = key.toLowerCase();
      if (known.has(name)) present.add(name);
      else if (!reported.has(name)) {
        reported.add(name);
        errors.add({ line: i + 1, column: key, message: `Unknown field "${key}"; expected ${columns.join(", ")}` });
      }
    }
    return row as Record<string, unknown>;
  });
  const valid = objects.filter((o): o is Record<string, unknown> => o !== null);
  const { columns: seen, records } = recordsOfJson([Object.fromEntries(columns.map((c) => [c, ""])), ...valid]);
  const index = new Map(seen.map((c, i) => [c.toLowerCase(), i]));
  let next = 1; // records[0] is the all-columns row that fixed the order
  return { header: { kind, index, present }, records: objects.map((o) => (o === null ? null : (records[next++] ?? null))) };
}

async function importApiRows(ctx: OrgContext, kind: ImportKind, rows: readonly unknown[]): Promise<AnalyticsImportSummary> {
  const errors = new ImportErrors();
  const { header, records } = jsonRecords(kind, rows, errors);
  const parsed: (MetadataRow | ConversionRow)[] = [];
  records.forEach((record, i) => {
    if (!record) return;
    const row =
      kind === "metadata" ? parseMetadataRecord(header, record, i + 1, errors) : parseConversionRecord(header, record, i + 1, errors);
    if (row) parsed.push(row);
  });
  const base = { orgId: ctx.orgId, kind: KIND_TO_DB[kind], via: "api", rowsRead: rows.length, createdById: actorId(ctx.actor) };
  if (errors.count > 0) {
    const failed = await ctx.db.$transaction(async (tx) => {
      const row = await tx.analyticsImport.create({
        data: { ...base, status: "FAILED", errors: storedErrors(errors), ...oneInstant() },
        select,
      });
      await recordAudit(inTx(ctx, tx), {
        action: "analytics.import.fail",
        targetType: "AnalyticsImport",
        targetId: row.id,
        metadata: { kind, via: "api", errors: errors.count },
      });
      return row;
    });
    return toSummary(failed, await creatorLabels(ctx, [failed]));
  }
  const { recipientSalt } = await getIngestSettings(ctx);
  const done = await ctx.db.$transaction(
    async (tx) => {
      const row = await tx.analyticsImport.create({ data: { ...base, status: "RUNNING" }, select: { id: true } });
      const target: WriteTarget = { tx, orgId: ctx.orgId, salt: recipientSalt, importId: row.id, present: header.present };
      for (let i = 0; i < parsed.length; i += IMPORT_BATCH_ROWS) await writeBatch(kind, target, parsed.slice(i, i + IMPORT_BATCH_ROWS));
      return finishImported(ctx, tx, row.id, "api", kind, parsed.length);
    },
    { timeout: IMPORT_TRANSACTION_TIMEOUT_MS },
  );
  await queueAnalyticsRefresh(ctx);
  return toSummary(done, await creatorLabels(ctx, [done]));
}

/** Created and finished at once (one clock: the database's default and Node's can differ by a few ms). */
function oneInstant(): { createdAt: Date; finishedAt: Date } {
  const now = new Date();
  return { createdAt: now, finishedAt: now };
}

function writeBatch(kind: ImportKind, target: WriteTarget, rows: (MetadataRow | ConversionRow)[]): Promise<number> {
  return kind === "metadata" ? writeMetadataBatch(target, rows as MetadataRow[]) : writeConversionBatch(target, rows as ConversionRow[]);
}

async function finishImported(ctx: OrgContext, tx: Tx, id: string, via: string, kind: ImportKind, rows: number): Promise<ImportRowDb> {
  const row = await tx.analyticsImport.update({
    where: { id, orgId: ctx.orgId },
    data: { status: "IMPORTED", rowsImported: rows, rowsRead: rows, finishedAt: new Date(), filePath: null },
    select,
  });
  await recordAudit(inTx(ctx, tx), {
    action: "analytics.import.complete",
    targetType: "AnalyticsImport",
    targetId: id,
    metadata: { kind, via, rows },
  });
  return row;
}

/** Message-id / recipient metadata from a REST call: all rows or none; a FAILED import lists the bad rows (line = index + 1). */
export function importMetadataRows(ctx: OrgContext, input: { rows: readonly unknown[] }): Promise<AnalyticsImportSummary> {
  return importApiRows(ctx, "metadata", input.rows);
}

/** Conversions from a REST call, upserted on (organization, external_id): all rows or none. */
export function importConversionRows(ctx: OrgContext, input: { rows: readonly unknown[] }): Promise<AnalyticsImportSummary> {
  return importApiRows(ctx, "conversions", input.rows);
}

// ——— CSV upload: stored, then run by the worker ———

/** The folder uploads wait in (INBOXWATCH_IMPORT_DIR, else the system temp folder). */
export function importSpoolDir(): string {
  return path.resolve(analyticsImportEnv.read().INBOXWATCH_IMPORT_DIR ?? path.join(os.tmpdir(), "inboxwatch-imports"));
}

/** Stops a stream past `max` bytes, counting what passed. */
function byteLimit(max: number, counted: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      counted.bytes += chunk.length;
      if (counted.bytes > max) done(new TooLargeError(`The file is larger than ${max} bytes; split it`));
      else done(null, chunk);
    },
  });
}

/**
 * Streams an uploaded CSV to the import folder (never whole in memory; refused past ANALYTICS_IMPORT_MAX_BYTES),
 * then records the import PENDING and queues its job in one transaction. The file is removed if either fails.
 */
export async function createCsvImport(
  ctx: OrgContext,
  input: { kind: ImportKind; fileName: string; stream: Readable | ReadableStream<Uint8Array>; maxBytes?: number },
): Promise<AnalyticsImportSummary> {
  const maxBytes = input.maxBytes ?? analyticsImportEnv.read().ANALYTICS_IMPORT_MAX_BYTES;
  const dir = path.join(importSpoolDir(), ctx.orgId);
  await fs.promises.mkdir(dir, { recursive: true });
  const filePath = path.join(dir, `${randomUUID()}.csv`);
  const counted = { bytes: 0 };
  const source = input.stream instanceof Readable ? input.stream : Readable.fromWeb(input.stream as WebReadableStream);
  try {
    await pipeline(source, byteLimit(maxBytes, counted), fs.createWriteStream(filePath, { flags: "wx" }));
    if (counted.bytes === 0) throw new ValidationError("The file is empty: a header row is required");
    const fileName = path.basename(input.fileName.replace(/\\/g, "/")).slice(0, 200) || "upload.csv";
    const row = await ctx.db.$transaction(async (tx) => {
      const created = await tx.analyticsImport.create({
        data: {
          orgId: ctx.orgId,
          kind: KIND_TO_DB[input.kind],
          via: "csv",
          fileName,
          filePath,
          sizeBytes: counted.bytes,
          status: "PENDING",
          createdById: actorId(ctx.actor),
        },
        select,
      });
      await recordAudit(inTx(ctx, tx), {
        action: "analytics.import.upload",
        targetType: "AnalyticsImport",
        targetId: created.id,
        metadata: { kind: input.kind, fileName, sizeBytes: counted.bytes },
      });
      await sendJob("analytics.import", { importId: created.id }, { tx });
      return created;
    });
    return toSummary(row, await creatorLabels(ctx, [row]));
  } catch (err) {
    await fs.promises.rm(filePath, { force: true });
    throw err;
  }
}

async function failImport(ctx: OrgContext, id: string, kind: ImportKind, errors: ImportErrors, rowsRead: number): Promise<ImportRowDb> {
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.analyticsImport.update({
      where: { id, orgId: ctx.orgId },
      data: { status: "FAILED", errors: storedErrors(errors), rowsRead, rowsImported: 0, finishedAt: new Date(), filePath: null },
      select,
    });
    await recordAudit(inTx(ctx, tx), {
      action: "analytics.import.fail",
      targetType: "AnalyticsImport",
      targetId: id,
      metadata: { kind, via: "csv", errors: errors.count },
    });
    return row;
  });
}

/**
 * The worker's half of a CSV import. Idempotent: a finished import is returned as is; a RUNNING one (a
 * worker died mid-way; its transaction rolled back) starts again. The file is deleted once the import is
 * IMPORTED or FAILED; an unexpected error (the database gone) fails the import too, then is rethrown.
 */
export async function runCsvImport(ctx: OrgContext, input: { importId: string }): Promise<AnalyticsImportSummary> {
  const found = await ctx.db.analyticsImport.findFirst({
    where: { id: input.importId, orgId: ctx.orgId },
    select: { ...select, filePath: true },
  });
  if (!found) throw new NotFoundError("Import");
  const kind = KIND_FROM_DB[found.kind];
  if (found.status === "IMPORTED" || found.status === "FAILED") return toSummary(found, await creatorLabels(ctx, [found]));
  const filePath = found.filePath;
  const id = found.id;
  await ctx.db.analyticsImport.update({ where: { id, orgId: ctx.orgId }, data: { status: "RUNNING", rowsRead: 0, rowsImported: 0 } });
  const errors = new ImportErrors();
  try {
    if (!filePath || !fs.existsSync(filePath)) {
      errors.add({ line: 0, message: "The uploaded file is no longer there; upload it again" });
      return toSummary(await failImport(ctx, id, kind, errors, 0), new Map());
    }
    // Pass 1: validate every line; nothing is written unless the whole file is clean.
    const progress = (column: "rowsRead" | "rowsImported") => ({
      every: IMPORT_PROGRESS_EVERY_ROWS,
      onProgress: async (n: number) => {
        await ctx.db.analyticsImport.update({ where: { id, orgId: ctx.orgId }, data: { [column]: n } });
      },
    });
    const checked = await readImportCsv(kind, fs.createReadStream(filePath), errors, () => undefined, progress("rowsRead"));
    const header = checked.header;
    if (errors.count > 0 || !header) {
      const failed = await failImport(ctx, id, kind, errors, checked.rowsRead);
      return toSummary(failed, await creatorLabels(ctx, [failed]));
    }
    await ctx.db.analyticsImport.update({ where: { id, orgId: ctx.orgId }, data: { rowsRead: checked.rowsRead } });
    // Pass 2: the same stream of rows, written in batches inside one transaction.
    const { recipientSalt } = await getIngestSettings(ctx);
    const done = await ctx.db.$transaction(
      async (tx) => {
        const target: WriteTarget = { tx, orgId: ctx.orgId, salt: recipientSalt, importId: id, present: header.present };
        let batch: (MetadataRow | ConversionRow)[] = [];
        let written = 0;
        const again = new ImportErrors();
        await readImportCsv(
          kind,
          fs.createReadStream(filePath),
          again,
          async (row) => {
            batch.push(row);
            if (batch.length >= IMPORT_BATCH_ROWS) {
              await writeBatch(kind, target, batch);
              written += batch.length;
              batch = [];
            }
          },
          progress("rowsImported"),
        );
        if (again.count > 0) throw new Error("The file changed between validation and import");
        await writeBatch(kind, target, batch);
        written += batch.length;
        return finishImported(ctx, tx, id, "csv", kind, written);
      },
      { timeout: IMPORT_TRANSACTION_TIMEOUT_MS },
    );
    await fs.promises.rm(filePath, { force: true });
    await queueAnalyticsRefresh(ctx);
    return toSummary(done, await creatorLabels(ctx, [done]));
  } catch (err) {
    const failure = new ImportErrors();
    failure.add({ line: 0, message: `The import stopped and nothing was imported: ${err instanceof Error ? err.message : String(err)}` });
    await failImport(ctx, id, kind, failure, 0).catch(() => undefined);
    throw err;
  } finally {
    if (filePath) await fs.promises.rm(filePath, { force: true }).catch(() => undefined);
  }
}

// ——— Reading ———

/** Imports are listed newest first; the page shows this many. */
export const IMPORT_LIST_LIMIT = 50;

export const ZImportId = z.object({ id: z.string().min(1).max(40) });
export const ZListImports = z.object({ limit: z.number().int().min(1).max(200).optional() });

export async function listImports(ctx: OrgContext, input: { limit?: number } = {}): Promise<AnalyticsImportSummary[]> {
  const rows = await ctx.db.analyticsImport.findMany({
    where: { orgId: ctx.orgId },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(input.limit ?? IMPORT_LIST_LIMIT, 1), 200),
    select,
  });
  const labels = await creatorLabels(ctx, rows);
  return rows.map((r) => toSummary(r, labels));
}

export async function getImport(ctx: OrgContext, input: { id: string }): Promise<AnalyticsImportSummary> {
  const row = await ctx.db.analyticsImport.findFirst({ where: { id: input.id, orgId: ctx.orgId }, select });
  if (!row) throw new NotFoundError("Import");
  return toSummary(row, await creatorLabels(ctx, [row]));
}

/** The organization an import belongs to, for the worker's job (which carries only the import id). */
export async function importOrgId(ctx: SystemContext, input: { importId: string }): Promise<string | null> {
  const row = await ctx.db.analyticsImport.findUnique({ where: { id: input.importId }, select: { orgId: true } });
  return row?.orgId ?? null;
}
