/**
 * DMARC aggregate reports (RFC 7489 appendix C; DMARCbis / RFC 9990 `dmarc-2.0` namespace), parsed as a
 * stream with saxes: records are built one at a time and either collected or handed to `onRecord`, so a
 * 100,000-record report never exists as a tree. Elements are matched by local name and parent, which
 * makes namespaces, prefixes, a stray wrapper element and old draft layouts all parse the same way.
 */
import { StringDecoder } from "node:string_decoder";

import { SaxesParser } from "saxes";

import { type ByteSink } from "./byte-sink.ts";
import { REPORT_MAX_XML_ERRORS, REPORT_MAX_XML_RUN_CHARS, REPORT_MAX_XML_TEXT_CHARS, type ReportLimits } from "./limits.ts";
import { ReportRejection } from "./rejection.ts";
import {
  type DmarcAggregateReport,
  type DmarcDkimAuthResult,
  type DmarcRecord,
  type DmarcSpfAuthResult,
  type DmarcOverrideReason,
} from "./types.ts";
import { count, keyword, text, timestamp } from "./values.ts";
import { DoctypeGuard } from "./xml-guard.ts";

/** Recovered well-formedness errors kept on the report for the quarantine view. */
const MAX_KEPT_WARNINGS = 5;

function newRecord(): DmarcRecord {
  return {
    sourceIp: null,
    count: 0,
    policyEvaluated: { disposition: null, dkim: null, spf: null, reasons: [] },
    identifiers: { headerFrom: null, envelopeFrom: null, envelopeTo: null },
    authResults: { dkim: [], spf: [] },
  };
}

interface Metadata {
  version: string | null;
  orgName: string | null;
  email: string | null;
  extraContactInfo: string | null;
  reportId: string | null;
  begin: string | null;
  end: string | null;
  errors: string[];
}

export class DmarcAggregateSink implements ByteSink {
  private readonly parser = new SaxesParser({ position: false });
  // StringDecoder keeps a split multi-byte character for the next chunk and is several times faster
  // than a streaming TextDecoder; invalid bytes become U+FFFD either way (real reports carry some).
  private readonly decoder = new StringDecoder("utf8");
  private readonly guard = new DoctypeGuard();
  private readonly stack: string[] = [];
  private textBuffer = "";
  /** Characters since the last "<", across chunks. */
  private run = 0;
  private rootName: string | null = null;
  private feedbackSeen = false;
  private errorCount = 0;
  private readonly warnings: string[] = [];

  private readonly meta: Metadata = {
    version: null,
    orgName: null,
    email: null,
    extraContactInfo: null,
    reportId: null,
    begin: null,
    end: null,
    errors: [],
  };
  private readonly policy: DmarcAggregateReport["policyPublished"] = {
    domain: null,
    adkim: null,
    aspf: null,
    p: null,
    sp: null,
    np: null,
    pct: null,
    fo: null,
    testing: null,
    discoveryMethod: null,
  };
  private readonly records: DmarcRecord[] = [];
  private recordCount = 0;
  private messageCount = 0;
  private record: DmarcRecord | null = null;
  private reason: DmarcOverrideReason | null = null;
  private dkim: DmarcDkimAuthResult | null = null;
  private spf: DmarcSpfAuthResult | null = null;
  private done: DmarcAggregateReport | null = null;

  constructor(
    private readonly limits: ReportLimits,
    private readonly onRecord?: (record: DmarcRecord) => void,
  ) {
    this.parser.on("opentag", (tag) => this.open(localName(tag.name)));
    this.parser.on("closetag", () => this.close());
    this.parser.on("text", (t) => this.appendText(t));
    this.parser.on("cdata", (t) => this.appendText(t));
    this.parser.on("doctype", () => {
      throw new ReportRejection("doctype_forbidden", "XML contains a DOCTYPE declaration");
    });
    this.parser.on("error", (err) => {
      this.errorCount += 1;
      if (this.warnings.length < MAX_KEPT_WARNINGS) this.warnings.push(err.message);
      if (this.errorCount > REPORT_MAX_XML_ERRORS)
        throw new ReportRejection("malformed", `XML is not well-formed: ${this.warnings[0] ?? err.message}`);
    });
  }

  write(chunk: Uint8Array): void {
    this.feed(this.decoder.write(chunk));
  }

  end(): void {
    this.feed(this.decoder.end());
    this.parser.close();
    this.done = this.finish();
  }

  /** The parsed report; only valid after `end()`. */
  result(): DmarcAggregateReport {
    if (!this.done) throw new ReportRejection("malformed", "the XML stream ended early");
    return this.done;
  }

  private feed(chunk: string): void {
    if (chunk.length === 0) return;
    this.guard.check(chunk);
    this.checkRuns(chunk);
    this.parser.write(chunk);
  }

  private checkRuns(chunk: string): void {
    let from = 0;
    for (let lt = chunk.indexOf("<"); lt !== -1; lt = chunk.indexOf("<", from)) {
      if (this.run + (lt - from) > REPORT_MAX_XML_RUN_CHARS) break;
      this.run = 0;
      from = lt + 1;
    }
    this.run += chunk.length - from;
    if (this.run > REPORT_MAX_XML_RUN_CHARS) {
      throw new ReportRejection("malformed", `XML has a run of more than ${REPORT_MAX_XML_RUN_CHARS} characters without markup`);
    }
  }

  private appendText(t: string): void {
    if (this.textBuffer.length < REPORT_MAX_XML_TEXT_CHARS)
      this.textBuffer += t.slice(0, REPORT_MAX_XML_TEXT_CHARS - this.textBuffer.length);
  }

  private open(name: string): void {
    const parent = this.stack[this.stack.length - 1];
    this.stack.push(name);
    this.textBuffer = "";
    if (this.stack.length > this.limits.maxXmlDepth) {
      throw new ReportRejection("too_deep", `XML nests deeper than ${this.limits.maxXmlDepth} elements`);
    }
    this.rootName ??= name;
    if (name === "feedback") this.feedbackSeen = true;
    if (name === "record" && parent === "feedback") {
      this.recordCount += 1;
      if (this.recordCount > this.limits.maxDmarcRecords) {
        throw new ReportRejection("too_many_records", `more than ${this.limits.maxDmarcRecords} records`);
      }
      this.record = newRecord();
    } else if (!this.record) {
      return;
    } else if (name === "reason" && parent === "policy_evaluated") {
      this.reason = { type: null, comment: null };
      this.record.policyEvaluated.reasons.push(this.reason);
    } else if (name === "dkim" && parent === "auth_results") {
      this.dkim = { domain: null, selector: null, result: null, humanResult: null };
      this.record.authResults.dkim.push(this.dkim);
    } else if (name === "spf" && parent === "auth_results") {
      this.spf = { domain: null, scope: null, result: null, humanResult: null };
      this.record.authResults.spf.push(this.spf);
    }
  }

  private close(): void {
    const name = this.stack.pop();
    const parent = this.stack[this.stack.length - 1];
    const value = this.textBuffer;
    this.textBuffer = "";
    if (name === undefined || parent === undefined) return;
    if (name === "record" && parent === "feedback") return this.emitRecord();
    this.assign(parent, name, value);
  }

  private assign(parent: string, name: string, value: string): void {
    const record = this.record;
    switch (parent) {
      case "feedback":
        if (name === "version") this.meta.version = text(value);
        return;
      case "report_metadata":
        if (name === "org_name") this.meta.orgName = text(value);
        else if (name === "email") this.meta.email = text(value);
        else if (name === "extra_contact_info") this.meta.extraContactInfo = text(value);
        else if (name === "report_id") this.meta.reportId = text(value);
        else if (name === "error") {
          const error = text(value);
          if (error !== null) this.meta.errors.push(error);
        }
        return;
      case "date_range":
        if (name === "begin") this.meta.begin = text(value);
        else if (name === "end") this.meta.end = text(value);
        return;
      case "policy_published":
        return this.assignPolicy(name, value);
    }
    if (!record) return;
    switch (parent) {
      case "row":
        if (name === "source_ip") record.sourceIp = text(value);
        else if (name === "count") record.count = count(value);
        return;
      case "policy_evaluated":
        if (name === "disposition") record.policyEvaluated.disposition = keyword(value);
        else if (name === "dkim") record.policyEvaluated.dkim = keyword(value);
        else if (name === "spf") record.policyEvaluated.spf = keyword(value);
        // Old drafts put the reason type directly in <reason>.
        else if (name === "reason" && this.reason && this.reason.type === null) this.reason.type = keyword(value);
        return;
      case "reason":
        if (!this.reason) return;
        if (name === "type") this.reason.type = keyword(value);
        else if (name === "comment") this.reason.comment = text(value);
        return;
      case "identifiers":
      case "identities": // pre-RFC drafts
        if (name === "header_from") record.identifiers.headerFrom = text(value);
        else if (name === "envelope_from") record.identifiers.envelopeFrom = text(value);
        else if (name === "envelope_to") record.identifiers.envelopeTo = text(value);
        return;
      case "dkim":
        if (!this.dkim || this.stack[this.stack.length - 2] !== "auth_results") return;
        if (name === "domain") this.dkim.domain = text(value);
        else if (name === "selector") this.dkim.selector = text(value);
        else if (name === "result") this.dkim.result = keyword(value);
        else if (name === "human_result") this.dkim.humanResult = text(value);
        return;
      case "spf":
        if (!this.spf || this.stack[this.stack.length - 2] !== "auth_results") return;
        if (name === "domain") this.spf.domain = text(value);
        else if (name === "scope") this.spf.scope = keyword(value);
        else if (name === "result") this.spf.result = keyword(value);
        else if (name === "human_result") this.spf.humanResult = text(value);
        return;
    }
  }

  private assignPolicy(name: string, value: string): void {
    const p = this.policy;
    switch (name) {
      case "domain":
        p.domain = text(value);
        break;
      case "adkim":
        p.adkim = keyword(value);
        break;
      case "aspf":
        p.aspf = keyword(value);
        break;
      case "p":
        p.p = keyword(value);
        break;
      case "sp":
        p.sp = keyword(value);
        break;
      case "np":
        p.np = keyword(value);
        break;
      case "pct":
        p.pct = text(value) === null ? null : count(value, NaN);
        if (Number.isNaN(p.pct)) p.pct = null;
        break;
      case "fo":
        p.fo = keyword(value);
        break;
      case "testing":
        p.testing = keyword(value);
        break;
      case "discovery_method":
        p.discoveryMethod = keyword(value);
        break;
    }
  }

  private emitRecord(): void {
    const record = this.record;
    this.record = this.reason = this.dkim = this.spf = null;
    if (!record) return;
    this.messageCount += record.count;
    if (this.onRecord) this.onRecord(record);
    else this.records.push(record);
  }

  private finish(): DmarcAggregateReport {
    if (!this.feedbackSeen) {
      if (this.rootName === null) throw new ReportRejection("malformed", "no XML element found");
      throw new ReportRejection("unsupported", `XML root <${this.rootName}> is not a DMARC aggregate report (no <feedback>)`);
    }
    const { reportId } = this.meta;
    if (reportId === null) throw new ReportRejection("malformed", "DMARC report has no <report_id>");
    const begin = timestamp(this.meta.begin);
    const end = timestamp(this.meta.end);
    if (!begin || !end) throw new ReportRejection("malformed", "DMARC report has no valid <date_range>");
    return {
      version: this.meta.version,
      reporter: { orgName: this.meta.orgName ?? "", email: this.meta.email, extraContactInfo: this.meta.extraContactInfo },
      reportId,
      dateRange: { begin, end },
      errors: this.meta.errors,
      policyPublished: this.policy,
      records: this.records,
      recordCount: this.recordCount,
      messageCount: this.messageCount,
      warnings: this.warnings,
    };
  }
}

/** "dmarc:Feedback" → "feedback": namespaces and case are ignored (reporters vary in both). */
function localName(qualified: string): string {
  const colon = qualified.lastIndexOf(":");
  return (colon === -1 ? qualified : qualified.slice(colon + 1)).toLowerCase();
}
