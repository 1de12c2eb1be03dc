/**
 * The UI upload: the same intake as the REST channel, then the report is parsed at once (instead of
 * waiting for the queued job) so the reply can say what was stored and where to find it. Decision
 * (issue 21 item 12): a report for a domain outside the organization's sending domains is ACCEPTED —
 * SMTP and IMAP cannot refuse it either, and it is evidence of someone sending as you — and shown in
 * the Reports list with a "domain not in your inventory" badge; the reply says so.
 *
 * The queued `reports.process` job stays: it finds the report no longer PENDING and skips (processRawReport
 * is idempotent), and it still does the work if this inline parse fails for a transient reason.
 */
import { type OrgContext } from "../context.ts";
import { ingestReport, type IngestedReport } from "./ingest.ts";
import { processRawReport } from "./process.ts";
import { getReport } from "./report-list.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const day = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;

/** "1–2 Dec" (UTC days); a period ending at midnight ends the day before. */
export function formatPeriod(begin: Date, end: Date): string {
  const last = new Date(end.getTime() - 1);
  const a = day(begin);
  const b = day(last < begin ? begin : last);
  if (a === b) return a;
  return begin.getUTCMonth() === last.getUTCMonth() ? `${begin.getUTCDate()}–${b}` : `${a}–${b}`;
}

export interface UploadSummary {
  /** Where the report can be found: the Reports list, or the raw archive (pending or quarantined). */
  where: "list" | "raw";
  reportId: string | null;
  /** The sentence shown beside the file. */
  message: string;
  isInInventory: boolean;
}

export async function describeUploadedReport(ctx: OrgContext, input: { rawReportId: string }): Promise<UploadSummary> {
  const { rawReportId } = input;
  const raw = await ctx.db.rawReport.findFirst({
    where: { id: rawReportId, orgId: ctx.orgId },
    select: { status: true, dedupKey: true, rejectReason: true, rejectMessage: true },
  });
  if (!raw || raw.status === "PENDING") {
    return { where: "raw", reportId: null, isInInventory: true, message: "Stored, waiting to be parsed — see Raw & quarantine" };
  }
  if (raw.status === "QUARANTINED") {
    return {
      where: "raw",
      reportId: null,
      isInInventory: true,
      message: `Not readable as a report (${raw.rejectReason ?? "rejected"}: ${raw.rejectMessage ?? ""}) — kept in Raw & quarantine`,
    };
  }
  // PARSED rows point at this raw report; a DUPLICATE shares the dedup key of the report stored first.
  const key = raw.dedupKey ?? "";
  const where = raw.status === "PARSED" ? { orgId: ctx.orgId, rawReportId } : { orgId: ctx.orgId, dedupKey: key };
  const [dmarc, tls, complaint] = await Promise.all([
    ctx.db.dmarcReport.findFirst({ where, select: { id: true } }),
    ctx.db.tlsReport.findFirst({ where, select: { id: true } }),
    ctx.db.complaint.findFirst({ where, select: { id: true } }),
  ]);
  const id = dmarc?.id ?? tls?.id ?? complaint?.id;
  if (!id) return { where: "raw", reportId: null, isInInventory: true, message: "Stored — see Raw & quarantine" };
  const detail = await getReport(ctx, { id });
  const prefix = raw.status === "DUPLICATE" ? "Already stored (same report as before)" : "Stored";
  const text = sentence(detail);
  const outside = detail.isInInventory
    ? ""
    : ` — ${domainsOf(detail).join(", ")} is not one of your sending domains: listed with a "domain not in your inventory" badge`;
  return { where: "list", reportId: id, isInInventory: detail.isInInventory, message: `${prefix}: ${text} — see Reports list${outside}` };
}

type Detail = Awaited<ReturnType<typeof getReport>>;

function domainsOf(d: Detail): string[] {
  if (d.kind === "DMARC_AGGREGATE") return [d.report.domain];
  if (d.kind === "TLS_RPT") return [...new Set(d.report.policies.flatMap((p) => (p.policyDomain ? [p.policyDomain] : [])))];
  return [];
}

function sentence(d: Detail): string {
  if (d.kind === "DMARC_AGGREGATE") {
    const r = d.report;
    return `DMARC report from ${r.reporterOrg} for ${r.domain}, ${formatPeriod(r.beginAt, r.endAt)}, ${r.messageCount} messages`;
  }
  if (d.kind === "TLS_RPT") {
    const r = d.report;
    return `TLS report from ${r.organizationName} for ${domainsOf(d).join(", ") || "no policy domain"}, ${formatPeriod(r.beginAt, r.endAt)}, ${r.successfulSessions + r.failedSessions} sessions`;
  }
  return `${d.report.kind === "ARF" ? "complaint" : "DMARC failure report"} (${d.report.feedbackType}) from ${d.report.reporter}, ${day(d.report.arrivalAt)}`;
}

/**
 * The upload's verb (the HTTP side, body limits included, is packages/api/src/rest/upload.ts): intake on
 * the UPLOAD channel, the inline parse of a new report, and the `summary` the page shows beside the file.
 */
export async function uploadReport(ctx: OrgContext, input: { bytes: Uint8Array }): Promise<IngestedReport & { summary: UploadSummary }> {
  const stored = await ingestReport(ctx, { bytes: input.bytes, channel: "UPLOAD" });
  if (!stored.duplicate) await processRawReport(ctx, { orgId: ctx.orgId, rawReportId: stored.id });
  return { ...stored, summary: await describeUploadedReport(ctx, { rawReportId: stored.id }) };
}
