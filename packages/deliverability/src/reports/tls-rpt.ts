/**
 * SMTP TLS reports (RFC 8460 §4). The JSON is small (one entry per policy and failure kind), so it is
 * collected under the inflated-size cap, depth-checked, then parsed. Unknown policy types and missing
 * optional members are kept or defaulted rather than refused (RFC 8460 §4.3 lets new types appear).
 */
import { type ByteSink } from "./byte-sink.ts";
import { assertJsonDepth } from "./json-depth.ts";
import { REPORT_MAX_JSON_BYTES, type ReportLimits } from "./limits.ts";
import { ReportRejection } from "./rejection.ts";
import { type TlsFailureDetail, type TlsPolicyResult, type TlsReport } from "./types.ts";
import { count, keyword, text, timestamp } from "./values.ts";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  return typeof value === "string" ? text(value) : null;
}

function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map(str).filter((s): s is string => s !== null);
}

function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function failureDetail(d: Json): TlsFailureDetail {
  return {
    resultType: keyword(str(d["result-type"])),
    sendingMtaIp: str(d["sending-mta-ip"]),
    receivingMxHostname: str(d["receiving-mx-hostname"]),
    receivingMxHelo: str(d["receiving-mx-helo"]),
    receivingIp: str(d["receiving-ip"]),
    failedSessionCount: count(d["failed-session-count"]),
    additionalInformation: str(d["additional-information"]),
    failureReasonCode: str(d["failure-reason-code"]),
  };
}

function policyResult(entry: Json): TlsPolicyResult {
  const policy = isObject(entry.policy) ? entry.policy : {};
  const summary = isObject(entry.summary) ? entry.summary : {};
  return {
    policyType: keyword(str(policy["policy-type"])),
    policyStrings: strings(policy["policy-string"]),
    policyDomain: str(policy["policy-domain"]),
    mxHosts: strings(policy["mx-host"]),
    successfulSessionCount: count(summary["total-successful-session-count"]),
    failedSessionCount: count(summary["total-failure-session-count"]),
    failureDetails: objects(entry["failure-details"]).map(failureDetail),
  };
}

export function normalizeTlsReport(doc: unknown): TlsReport {
  if (!isObject(doc) || !("policies" in doc || "report-id" in doc)) {
    throw new ReportRejection("unsupported", "JSON is not an SMTP TLS report (no report-id or policies)");
  }
  const reportId = str(doc["report-id"]);
  if (reportId === null) throw new ReportRejection("malformed", "TLS report has no report-id");
  const range = isObject(doc["date-range"]) ? doc["date-range"] : {};
  const begin = timestamp(str(range["start-datetime"]));
  const end = timestamp(str(range["end-datetime"]));
  if (!begin || !end) throw new ReportRejection("malformed", "TLS report has no valid date-range");
  const policies = objects(doc.policies).map(policyResult);
  return {
    organizationName: str(doc["organization-name"]) ?? "",
    contactInfo: str(doc["contact-info"]),
    reportId,
    dateRange: { begin, end },
    policies,
    totalSuccessfulSessions: policies.reduce((sum, p) => sum + p.successfulSessionCount, 0),
    totalFailedSessions: policies.reduce((sum, p) => sum + p.failedSessionCount, 0),
  };
}

/** Collects JSON bytes (already bounded by the input and inflated caps) and parses them at the end. */
export class TlsReportSink implements ByteSink {
  private readonly chunks: Uint8Array[] = [];
  private bytes = 0;
  private done: TlsReport | null = null;

  constructor(private readonly limits: ReportLimits) {}

  write(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    if (this.bytes > REPORT_MAX_JSON_BYTES)
      throw new ReportRejection("too_large", `JSON report is larger than ${REPORT_MAX_JSON_BYTES} bytes`);
    this.chunks.push(chunk);
  }

  end(): void {
    const json = Buffer.concat(this.chunks)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    this.chunks.length = 0;
    assertJsonDepth(json, this.limits.maxJsonDepth);
    let doc: unknown;
    try {
      doc = JSON.parse(json);
    } catch (err) {
      throw new ReportRejection("malformed", `JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.done = normalizeTlsReport(doc);
  }

  result(): TlsReport {
    if (!this.done) throw new ReportRejection("malformed", "the JSON stream ended early");
    return this.done;
  }
}
