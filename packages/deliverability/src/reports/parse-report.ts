/**
 * The one entry point: raw bytes in, one normalized report (or a typed rejection) out. Never throws:
 * every refusal and every unexpected failure becomes `{ ok: false, reason, message }`, so intake can
 * quarantine the raw input with its reason and reprocess it after a fix.
 */
import { createHash } from "node:crypto";

import { DmarcAggregateSink } from "./dmarc-aggregate.ts";
import { feedbackFromEmail } from "./feedback.ts";
import { type ReportLimits, resolveLimits } from "./limits.ts";
import { type RejectReason, ReportRejection } from "./rejection.ts";
import { readEmail, reportAttachment } from "./report-email.ts";
import { TlsReportSink } from "./tls-rpt.ts";
import { type DmarcRecord, type ParsedReport, type ReportKind } from "./types.ts";
import { type ContentSinks, streamReportBytes } from "./unpack.ts";

export interface ParseReportOptions {
  /** Overrides of the default limits (limits.ts), e.g. a larger `maxInflatedBytes` for a known big reporter. */
  limits?: Partial<ReportLimits>;
  /**
   * Receives each DMARC aggregate record as it is parsed; the report's `records` then stays empty, so
   * memory does not grow with the record count. Throwing from it aborts the parse.
   */
  onDmarcRecord?: (record: DmarcRecord) => void;
}

export type ParseReportResult =
  | (ParsedReport & { ok: true; /** How the report was wrapped, outermost first, e.g. ["email", "zip", "xml"]. */ container: string[] })
  | { ok: false; reason: RejectReason; message: string };

export async function parseReport(input: Uint8Array, opts: ParseReportOptions = {}): Promise<ParseReportResult> {
  const limits = resolveLimits(opts.limits);
  const container: string[] = [];
  const made: { xml?: DmarcAggregateSink; json?: TlsReportSink } = {};
  const sinks: ContentSinks = {
    xml: () => (made.xml = new DmarcAggregateSink(limits, opts.onDmarcRecord)),
    json: () => (made.json = new TlsReportSink(limits)),
  };
  try {
    const outcome = await streamReportBytes(input, limits, sinks, container, true);
    if (!outcome.handled) {
      const mail = await readEmail(input);
      const feedback = await feedbackFromEmail(mail);
      if (feedback) return { ok: true, ...feedback, container };
      const attachment = reportAttachment(mail);
      if (!attachment) throw new ReportRejection("unsupported", "the email carries no DMARC, TLS or feedback report");
      await streamReportBytes(attachment, limits, sinks, container, false);
    }
    if (made.xml) return { ok: true, kind: "dmarc_aggregate", report: made.xml.result(), container };
    if (made.json) return { ok: true, kind: "tls_rpt", report: made.json.result(), container };
    throw new ReportRejection("unsupported", "no report found in the input");
  } catch (err) {
    if (err instanceof ReportRejection) return { ok: false, reason: err.reason, message: err.message };
    // A parser bug or an engine limit (e.g. a RangeError) must not take the worker down with it.
    return { ok: false, reason: "malformed", message: `unexpected parser failure: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export interface ReportDedupKey {
  kind: ReportKind;
  reporterOrg: string;
  reportId: string;
  begin: Date | null;
  end: Date | null;
  /** All of the above in one string, for a unique index (together with the organization id). */
  key: string;
}

/**
 * The identity of a report for deduplication: reporter, report id and date range, since reporters
 * reuse report ids across ranges. Feedback reports have no report id; the report email's Message-ID
 * stands in, else a digest of the fields that identify the incident.
 */
export function dedupKey(parsed: ParsedReport): ReportDedupKey {
  let reporterOrg: string;
  let reportId: string;
  let begin: Date | null;
  let end: Date | null;
  switch (parsed.kind) {
    case "dmarc_aggregate": {
      const r = parsed.report;
      reporterOrg = (r.reporter.orgName || r.reporter.email || "").toLowerCase();
      reportId = r.reportId;
      ({ begin, end } = r.dateRange);
      break;
    }
    case "tls_rpt": {
      const r = parsed.report;
      reporterOrg = (r.organizationName || r.contactInfo || "").toLowerCase();
      reportId = r.reportId;
      ({ begin, end } = r.dateRange);
      break;
    }
    default: {
      const r = parsed.report;
      reporterOrg = (r.reportingMta ?? r.userAgent ?? r.reportEmail.from ?? "").toLowerCase();
      reportId =
        r.reportEmail.messageId ??
        createHash("sha256")
          .update(
            JSON.stringify([
              r.feedbackType,
              r.sourceIp,
              r.originalMailFrom,
              r.originalRcptTo,
              r.originalMessage?.messageId ?? null,
              r.arrivalDate?.toISOString() ?? null,
            ]),
          )
          .digest("hex");
      begin = end = r.arrivalDate;
    }
  }
  const key = [parsed.kind, reporterOrg, reportId, begin?.toISOString() ?? "", end?.toISOString() ?? ""].join("\u0000");
  return { kind: parsed.kind, reporterOrg, reportId, begin, end, key };
}
