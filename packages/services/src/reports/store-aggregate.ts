/**
 * The fast path for the common case, a DMARC aggregate report of at most one batch of records: parsed
 * outside any transaction, then stored with ONE statement (report row, record rows and the raw
 * report's status change in data-modifying CTEs), which PostgreSQL runs atomically. Two round trips
 * per report instead of an interactive transaction's eight; this is what makes ≥ 200 reports/s.
 *
 * Idempotent like the slow path: the report row is inserted only while the raw report is PENDING and
 * its dedup key is free (ON CONFLICT DO NOTHING), records only under an inserted report, and the
 * status only changes from PENDING — a concurrent second run inserts nothing and changes nothing.
 */
import { randomUUID } from "node:crypto";

import { type DmarcRecord, dedupKey, parseReport, type ReportLimits } from "@inboxwatch/deliverability/reports";
import { type Db, directSql } from "@inboxwatch/db";

import { dmarcRecordRow, dmarcReportRow, policyDomain } from "./rows.ts";

export type FastOutcome = "PARSED" | "DUPLICATE" | "QUARANTINED" | "SKIPPED";

/** Columns of DmarcRecord filled from the parsed record, with their SQL types for jsonb_to_recordset. */
const RECORD_COLUMNS = [
  ["sourceIp", "text"], ["count", "int"], ["disposition", "text"], ["dkimAligned", "text"], ["spfAligned", "text"], ["reasons", "text[]"],
  ["headerFrom", "text"], ["envelopeFrom", "text"], ["envelopeTo", "text"], ["dkimDomains", "text[]"], ["dkimSelectors", "text[]"], ["dkimResults", "text[]"],
  ["spfDomains", "text[]"], ["spfScopes", "text[]"], ["spfResults", "text[]"],
] as const;
const COLS = RECORD_COLUMNS.map(([c]) => `"${c}"`).join(", ");
const X_COLS = RECORD_COLUMNS.map(([c]) => `x."${c}"`).join(", ");
const DEF = RECORD_COLUMNS.map(([c, t]) => `"${c}" ${t}`).join(", ");

const STORE_SQL = `
with pending as (
  select 1 from "RawReport" where id = $1 and "orgId" = $2 and status = 'PENDING'
), rep as (
  insert into "DmarcReport" (id, "orgId", "rawReportId", "reporterOrg", "reporterEmail", "reportId", "beginAt", "endAt", domain, adkim, aspf, p, sp, np, pct, fo, "recordCount", "messageCount", "dedupKey")
  select $3, $2, $1, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19 from pending
  on conflict ("orgId", "dedupKey") do nothing
  returning id
), recs as (
  insert into "DmarcRecord" (id, "orgId", "reportId", "beginAt", "endAt", domain, ${COLS})
  select gen_random_uuid()::text, $2, rep.id, $7, $8, $9, ${X_COLS} from rep, jsonb_to_recordset($20::jsonb) as x(${DEF})
  returning 1
)
update "RawReport" set
  status = (case when exists (select 1 from rep) then 'PARSED' else 'DUPLICATE' end)::"RawReportStatus",
  kind = 'DMARC_AGGREGATE', "dedupKey" = $19, "rejectReason" = null, "rejectMessage" = null, "processedAt" = now(), attempts = attempts + 1
where id = $1 and "orgId" = $2 and status = 'PENDING'
returning status::text as status, (select count(*) from recs) as records`;

/**
 * Stores a small aggregate report in one statement, or quarantines a rejected input. Returns null
 * when the input is something else (TLS-RPT, feedback) or has more records than `maxRecords`: the
 * caller's transactional path takes it from there.
 */
export async function storeSmallAggregate(
  db: Db,
  input: { orgId: string; rawReportId: string; bytes: Uint8Array; limits?: Partial<ReportLimits>; maxRecords: number },
): Promise<FastOutcome | null> {
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
  if (overflow) return null;
  const { orgId, rawReportId } = input;
  if (!parsed.ok) {
    const { count } = await db.rawReport.updateMany({
      where: { id: rawReportId, orgId, status: "PENDING" },
      data: { status: "QUARANTINED", rejectReason: parsed.reason, rejectMessage: parsed.message.slice(0, 2000), processedAt: new Date(), attempts: { increment: 1 } },
    });
    return count ? "QUARANTINED" : "SKIPPED";
  }
  if (parsed.kind !== "dmarc_aggregate") return null;
  // PostgreSQL text cannot hold NUL, the engine's key separator: the unit separator stands in.
  const key = dedupKey(parsed).key.replaceAll("\u0000", "\u001f");
  const report = dmarcReportRow(parsed.report, { id: randomUUID(), orgId, rawReportId, dedupKey: key });
  const domain = policyDomain(parsed.report);
  const scope = { orgId, reportId: report.id ?? "", beginAt: parsed.report.dateRange.begin, endAt: parsed.report.dateRange.end, domain };
  const rows = records.map((r) => {
    const { orgId: _o, reportId: _r, beginAt: _b, endAt: _e, domain: _d, ...fields } = dmarcRecordRow(r, scope);
    return fields;
  });
  // Direct SQL (see directSql): the one statement per report on the intake hot path.
  const result = await directSql(db).$queryRawUnsafe<{ status: string; records: string }[]>(
    STORE_SQL,
    rawReportId, orgId, report.id, report.reporterOrg, report.reporterEmail, report.reportId, report.beginAt, report.endAt, domain,
    report.adkim, report.aspf, report.p, report.sp, report.np, report.pct, report.fo, report.recordCount, report.messageCount, key,
    JSON.stringify(rows),
  );
  const status = result[0]?.status;
  return status === "PARSED" || status === "DUPLICATE" ? status : "SKIPPED";
}
