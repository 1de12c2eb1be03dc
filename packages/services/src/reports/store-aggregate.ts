/**
 * The fast path for the common case, a DMARC aggregate report of at most one batch of records: parsed
 * outside any transaction, then stored with ONE statement (report rows, record rows and the raw reports'
 * status change in data-modifying CTEs), which PostgreSQL runs atomically. The statement takes many
 * reports at once: the worker stores a fetched batch of `reports.process` jobs with one round trip.
 *
 * Idempotent like the slow path: a report row is inserted only while its raw report is PENDING and its
 * dedup key is free (ON CONFLICT DO NOTHING, also between two reports of the same statement), records
 * only under an inserted report, and a status only changes from PENDING — a concurrent second run
 * inserts nothing and changes nothing.
 */
import { randomUUID } from "node:crypto";

import { type DmarcRecord, dedupKey, parseReport, type ReportLimits } from "@inboxwatch/deliverability/reports";
import { directSql } from "@inboxwatch/db";

import { dmarcRecordFields, dmarcReportRow } from "./rows.ts";
import { type SystemContext } from "../context.ts";

export type FastOutcome = "PARSED" | "DUPLICATE" | "QUARANTINED" | "SKIPPED";

/**
 * Records per store statement across its reports: the JSON parameter stays a few MiB (~400 bytes a
 * record) and one statement's locks and WAL stay small.
 */
export const STORE_STATEMENT_MAX_RECORDS = 5_000;

/** Columns of DmarcRecord filled from the parsed record, with their SQL types for jsonb_to_recordset. */
const RECORD_COLUMNS = [
  ["sourceIp", "text"],
  ["count", "int"],
  ["disposition", "text"],
  ["dkimAligned", "text"],
  ["spfAligned", "text"],
  ["reasons", "text[]"],
  ["headerFrom", "text"],
  ["envelopeFrom", "text"],
  ["envelopeTo", "text"],
  ["dkimDomains", "text[]"],
  ["dkimSelectors", "text[]"],
  ["dkimResults", "text[]"],
  ["spfDomains", "text[]"],
  ["spfScopes", "text[]"],
  ["spfResults", "text[]"],
] as const;
/** Columns of DmarcReport (besides id, orgId, rawReportId), with their SQL types. */
const REPORT_COLUMNS = [
  ["reporterOrg", "text"],
  ["reporterEmail", "text"],
  ["reportId", "text"],
  ["beginAt", "timestamp(3)"],
  ["endAt", "timestamp(3)"],
  ["domain", "text"],
  ["adkim", "text"],
  ["aspf", "text"],
  ["p", "text"],
  ["sp", "text"],
  ["np", "text"],
  ["pct", "int"],
  ["fo", "text"],
  ["recordCount", "int"],
  ["messageCount", "int"],
  ["dedupKey", "text"],
] as const;

const quoted = (columns: readonly (readonly [string, string])[], prefix = "") => columns.map(([c]) => `${prefix}"${c}"`).join(", ");
const typed = (columns: readonly (readonly [string, string])[]) => columns.map(([c, t]) => `"${c}" ${t}`).join(", ");

// Each raw report is looked up by primary key alone (the lateral subquery with OFFSET 0 is a planner
// fence): given (orgId, status) too, PostgreSQL may pick the (orgId, status, receivedAt) index and read
// every pending report of the organization per row, which a backlog after an outage makes quadratic.
// The update then finds each row again by its ctid; a row another run changed since no longer matches.
const STORE_SQL = `
with input as (
  select * from json_to_recordset($1::json) as i(id text, "orgId" text, "rawReportId" text, ${typed(REPORT_COLUMNS)}, records json)
), pending as (
  select input.*, raw.row_ctid from input cross join lateral (
    select r.ctid as row_ctid, r."orgId", r.status from "RawReport" r where r.id = input."rawReportId" offset 0
  ) raw
  where raw."orgId" = input."orgId" and raw.status = 'PENDING'
), rep as (
  insert into "DmarcReport" (id, "orgId", "rawReportId", ${quoted(REPORT_COLUMNS)})
  select id, "orgId", "rawReportId", ${quoted(REPORT_COLUMNS)} from pending
  on conflict ("orgId", "dedupKey") do nothing
  returning id, "rawReportId"
), recs as (
  insert into "DmarcRecord" (id, "orgId", "reportId", "beginAt", "endAt", domain, ${quoted(RECORD_COLUMNS)})
  select gen_random_uuid()::text, pending."orgId", rep.id, pending."beginAt", pending."endAt", pending.domain, ${quoted(RECORD_COLUMNS, "x.")}
  from rep join pending on pending."rawReportId" = rep."rawReportId", json_to_recordset(pending.records) as x(${typed(RECORD_COLUMNS)})
)
update "RawReport" raw set
  status = (case when exists (select 1 from rep where rep."rawReportId" = raw.id) then 'PARSED' else 'DUPLICATE' end)::"RawReportStatus",
  kind = 'DMARC_AGGREGATE', "dedupKey" = pending."dedupKey", "rejectReason" = null, "rejectMessage" = null, "processedAt" = now(), attempts = raw.attempts + 1
from pending
where raw.ctid = pending.row_ctid and raw.id = pending."rawReportId" and raw."orgId" = pending."orgId" and raw.status = 'PENDING'
returning raw.id, raw.status::text as status`;

/** A parsed small aggregate report, ready for `storeSmallAggregates`: its report row and record rows. */
export interface SmallAggregate {
  id: string;
  orgId: string;
  rawReportId: string;
  recordCount: number;
  [column: string]: unknown;
}

export type ParsedSmall =
  | { kind: "store"; report: SmallAggregate; records: number }
  | { kind: "quarantine"; reason: string; message: string }
  /** Something else (TLS-RPT, feedback) or more records than `maxRecords`: the transactional path's job. */
  | { kind: "other" };

/** Parses raw bytes for the fast path; no I/O. */
export async function parseSmallAggregate(input: {
  orgId: string;
  rawReportId: string;
  bytes: Uint8Array;
  limits?: Partial<ReportLimits>;
  maxRecords: number;
}): Promise<ParsedSmall> {
  const records: DmarcRecord[] = [];
  let overflow = false;
  const parsed = await parseReport(input.bytes, {
    limits: input.limits,
    onDmarcRecord: (r) => {
      records.push(r);
      if (records.length > input.maxRecords) {
        overflow = true;
        throw new Error("too many records for the single-statement path");
      }
    },
  });
  if (overflow) return { kind: "other" };
  if (!parsed.ok) return { kind: "quarantine", reason: parsed.reason, message: parsed.message.slice(0, 2000) };
  if (parsed.kind !== "dmarc_aggregate") return { kind: "other" };
  const { orgId, rawReportId } = input;
  // PostgreSQL text cannot hold NUL, the engine's key separator: the unit separator stands in.
  const key = dedupKey(parsed).key.replaceAll("\u0000", "\u001f");
  const reportId = randomUUID();
  const row = dmarcReportRow(parsed.report, { id: reportId, orgId, rawReportId, dedupKey: key });
  // Records carry only their own columns: the statement copies the report's scope onto each.
  const recordRows = records.map(dmarcRecordFields);
  return { kind: "store", report: { ...row, id: reportId, orgId, rawReportId, records: recordRows }, records: recordRows.length };
}

/**
 * Stores parsed small aggregates with one statement. Returns each raw report's new status; a raw report
 * missing from the result was no longer PENDING (another run got there first) and was left alone.
 */
export async function storeSmallAggregates(
  ctx: SystemContext,
  input: { reports: readonly SmallAggregate[] },
): Promise<Map<string, "PARSED" | "DUPLICATE">> {
  const { reports } = input;
  const outcome = new Map<string, "PARSED" | "DUPLICATE">();
  if (reports.length === 0) return outcome;
  // Rows are locked in raw-report order, so two overlapping statements cannot deadlock each other.
  const ordered = [...reports].sort((a, b) => (a.rawReportId < b.rawReportId ? -1 : 1));
  // Direct SQL (see directSql): one statement per fetched batch on the intake hot path.
  const rows = await directSql(ctx.db).$queryRawUnsafe<{ id: string; status: string }[]>(STORE_SQL, JSON.stringify(ordered));
  for (const { id, status } of rows) if (status === "PARSED" || status === "DUPLICATE") outcome.set(id, status);
  return outcome;
}

/** Marks a PENDING raw report QUARANTINED with the parser's reason. */
export async function quarantineRawReport(
  ctx: SystemContext,
  input: { orgId: string; rawReportId: string; reason: string; message: string },
): Promise<"QUARANTINED" | "SKIPPED"> {
  const { count } = await ctx.db.rawReport.updateMany({
    where: { id: input.rawReportId, orgId: input.orgId, status: "PENDING" },
    data: {
      status: "QUARANTINED",
      rejectReason: input.reason,
      rejectMessage: input.message,
      processedAt: new Date(),
      attempts: { increment: 1 },
    },
  });
  return count ? "QUARANTINED" : "SKIPPED";
}

/**
 * Stores one small aggregate report in one statement, or quarantines a rejected input. Returns null
 * when the input is something else (TLS-RPT, feedback) or has more records than `maxRecords`: the
 * caller's transactional path takes it from there.
 */
export async function storeSmallAggregate(
  ctx: SystemContext,
  input: { orgId: string; rawReportId: string; bytes: Uint8Array; limits?: Partial<ReportLimits>; maxRecords: number },
): Promise<FastOutcome | null> {
  const parsed = await parseSmallAggregate(input);
  if (parsed.kind === "other") return null;
  if (parsed.kind === "quarantine")
    return quarantineRawReport(ctx, { orgId: input.orgId, rawReportId: input.rawReportId, reason: parsed.reason, message: parsed.message });
  const stored = await storeSmallAggregates(ctx, { reports: [parsed.report] });
  return stored.get(input.rawReportId) ?? "SKIPPED";
}
