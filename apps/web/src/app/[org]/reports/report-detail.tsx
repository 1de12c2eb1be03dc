"use client";

import type { ReactNode } from "react";

import { Badge, Card, CardBody, CardHeader, DataTable, type DataColumn } from "@inboxwatch/ui";

import { TableCard } from "~/components/table-card";
import { numberColumn, textColumn } from "~/components/table-columns";
import { type RouterOutputs } from "~/trpc/react";

import { authResults, dateTime, periodLabel } from "./report-format";

type Detail = RouterOutputs["reports"]["byId"];
type Of<K extends Detail["kind"]> = Extract<Detail, { kind: K }>["report"];

const passTone = (r: string | null | undefined) => (r === "pass" ? "green" : r ? "red" : "slate");

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex gap-3 py-1 text-sm">
      <dt className="w-40 shrink-0 text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

/** Who sent the report, for what, and how it reached us. */
export function ReportMeta({ detail }: { detail: Detail }) {
  const d = detail;
  const via = d.raw ? `${d.raw.channel.toLowerCase()}, ${dateTime(d.raw.receivedAt)} (no file name is kept)` : "–";
  return (
    <Card>
      <CardHeader title="Report" />
      <CardBody>
        <dl>
          {d.kind === "DMARC_AGGREGATE" ? (
            <>
              <Row label="Reporter">
                {d.report.reporterOrg}
                {d.report.reporterEmail ? ` <${d.report.reporterEmail}>` : ""}
              </Row>
              <Row label="Report id">{d.report.reportId}</Row>
              <Row label="Domain">{d.report.domain}</Row>
              <Row label="Period">{periodLabel(d.report.beginAt, d.report.endAt)}</Row>
              <Row label="Policy published">{`p=${d.report.p ?? "–"} sp=${d.report.sp ?? "–"} adkim=${d.report.adkim ?? "r"} aspf=${d.report.aspf ?? "r"} pct=${d.report.pct ?? 100}`}</Row>
              <Row label="Messages / records">{`${d.report.messageCount.toLocaleString("en-US")} / ${d.report.recordCount}`}</Row>
            </>
          ) : null}
          {d.kind === "TLS_RPT" ? (
            <>
              <Row label="Reporter">
                {d.report.organizationName}
                {d.report.contactInfo ? ` <${d.report.contactInfo}>` : ""}
              </Row>
              <Row label="Report id">{d.report.reportId}</Row>
              <Row label="Period">{periodLabel(d.report.beginAt, d.report.endAt)}</Row>
              <Row label="Sessions">{`${d.report.successfulSessions.toLocaleString("en-US")} successful, ${d.report.failedSessions.toLocaleString("en-US")} failed`}</Row>
            </>
          ) : null}
          {d.kind === "COMPLAINT" ? (
            <>
              <Row label="Reporter">{d.report.reporter}</Row>
              <Row label="Arrived">{dateTime(d.report.arrivalAt)}</Row>
              <Row label="Feedback type">{d.report.feedbackType}</Row>
            </>
          ) : null}
          <Row label="Received via">{via}</Row>
        </dl>
      </CardBody>
    </Card>
  );
}

type RecordRow = Of<"DMARC_AGGREGATE">["records"][number];
type FailureRow = Of<"TLS_RPT">["policies"][number]["failures"][number];

const dispositionTone = (d: string | null) => (d === "reject" ? "red" : d === "quarantine" ? "amber" : "slate");

const recordColumns: DataColumn<RecordRow>[] = [
  {
    id: "source",
    header: "Source IP",
    sortValue: (r) => r.sourceIp,
    csv: (r) => r.sourceIp,
    className: "font-mono text-xs",
    cell: (r) => (
      <>
        {r.sourceIp}
        {r.ptr ? <div className="text-slate-500">{r.ptr}</div> : null}
      </>
    ),
  },
  numberColumn("count", "Count", (r) => r.count),
  {
    id: "disposition",
    header: "Disposition",
    sortValue: (r) => r.disposition,
    csv: (r) => r.disposition ?? "",
    cell: (r) => <Badge tone={dispositionTone(r.disposition)}>{r.disposition ?? "–"}</Badge>,
  },
  {
    id: "dkim",
    header: "DKIM aligned",
    csv: (r) => r.dkimAligned ?? "",
    cell: (r) => <Badge tone={passTone(r.dkimAligned)}>{r.dkimAligned ?? "–"}</Badge>,
  },
  {
    id: "spf",
    header: "SPF aligned",
    csv: (r) => r.spfAligned ?? "",
    cell: (r) => <Badge tone={passTone(r.spfAligned)}>{r.spfAligned ?? "–"}</Badge>,
  },
  textColumn("from", "Header from", (r) => r.headerFrom),
  textColumn(
    "dkimResults",
    "DKIM results",
    (r) => authResults(r.dkimDomains, r.dkimResults, (i) => (r.dkimSelectors[i] ? ` (${r.dkimSelectors[i]})` : null)),
    "text-xs",
  ),
  textColumn("spfResults", "SPF results", (r) => authResults(r.spfDomains, r.spfResults), "text-xs"),
  textColumn("overrides", "Overrides", (r) => r.reasons.join(", "), "text-xs"),
];

/** The report's `<record>` rows (largest first): policy evaluated and the raw auth results. */
export function DmarcDetail({ records }: { records: Of<"DMARC_AGGREGATE">["records"] }) {
  return (
    <TableCard
      title="Records"
      description="Alignment is DMARC's policy_evaluated; DKIM and SPF results are the receiver's auth_results (RFC 7489 appendix C)."
      caption="The report's records"
      columns={recordColumns}
      rows={records}
      rowKey={(r) => r.id}
      csvTitle="dmarc-report-records"
      empty={{ title: "The report has no record" }}
    />
  );
}

const failureColumns: DataColumn<FailureRow>[] = [
  textColumn("result", "Result type", (f) => f.resultType, "font-medium text-slate-900"),
  numberColumn("sessions", "Failed sessions", (f) => f.failedSessionCount),
  textColumn("sendingIp", "Sending IP", (f) => f.sendingMtaIp, "font-mono text-xs"),
  textColumn("mx", "Receiving MX", (f) => f.receivingMxHostname),
  textColumn("receivingIp", "Receiving IP", (f) => f.receivingIp, "font-mono text-xs"),
  textColumn("details", "Details", (f) => [f.failureReasonCode, f.additionalInformation].filter(Boolean).join(" · "), "text-xs"),
];

/** Each policy of a TLS report with its failure details (RFC 8460 §4.3 result types). */
export function TlsDetail({ policies }: { policies: Of<"TLS_RPT">["policies"] }) {
  return (
    <>
      {policies.map((p) => (
        <Card key={p.id}>
          <CardHeader
            title={`${p.policyType} policy for ${p.policyDomain ?? "–"}`}
            description={`${p.successfulSessions.toLocaleString("en-US")} successful, ${p.failedSessions.toLocaleString("en-US")} failed sessions${p.mxHosts.length ? ` · MX ${p.mxHosts.join(", ")}` : ""}`}
          />
          {p.policyStrings.length ? (
            <CardBody>
              <pre className="overflow-x-auto text-xs text-slate-700">{p.policyStrings.join("\n")}</pre>
            </CardBody>
          ) : null}
          {p.failures.length ? (
            <DataTable
              card={false}
              caption={`Failures under the ${p.policyType} policy`}
              columns={failureColumns}
              rows={p.failures}
              rowKey={(f) => f.id}
              pageSize={0}
              empty={{ title: "No failure" }}
            />
          ) : null}
        </Card>
      ))}
    </>
  );
}

/** An ARF complaint or DMARC failure report: the reported message as far as the report tells. */
export function ComplaintDetail({ complaint: c }: { complaint: Of<"COMPLAINT"> }) {
  return (
    <Card>
      <CardHeader title="Reported message" description="Recipients are stored hashed and are not shown." />
      <CardBody>
        <dl>
          <Row label="Source IP">{c.sourceIp ?? "–"}</Row>
          <Row label="From">{c.originalFrom ?? "–"}</Row>
          <Row label="Subject">{c.originalSubject ?? "–"}</Row>
          <Row label="Message-ID">{c.originalMessageId ?? "–"}</Row>
          <Row label="Campaign / list">{c.campaign ?? c.listId ?? "–"}</Row>
          {c.authFailure ? <Row label="Auth failure">{c.authFailure}</Row> : null}
        </dl>
      </CardBody>
    </Card>
  );
}
