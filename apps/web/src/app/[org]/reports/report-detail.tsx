"use client";

import type { ReactNode } from "react";

import { Badge, Card, CardBody, CardHeader, Table, Td } from "@inboxwatch/ui";

import { type RouterOutputs } from "~/trpc/react";

import { dateTime, periodLabel } from "./report-format";

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

/** The report's `<record>` rows (largest first): policy evaluated and the raw auth results. */
export function DmarcDetail({ records }: { records: Of<"DMARC_AGGREGATE">["records"] }) {
  return (
    <Card>
      <CardHeader
        title="Records"
        description="Alignment is DMARC's policy_evaluated; DKIM and SPF results are the receiver's auth_results (RFC 7489 appendix C)."
      />
      <div className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-600" tabIndex={0}>
        <Table
          head={[
            "Source IP",
            "Count",
            "Disposition",
            "DKIM aligned",
            "SPF aligned",
            "Header from",
            "DKIM results",
            "SPF results",
            "Overrides",
          ]}
        >
          {records.map((r) => (
            <tr key={r.id}>
              <Td className="font-mono text-xs">
                {r.sourceIp}
                {r.ptr ? <div className="text-slate-500">{r.ptr}</div> : null}
              </Td>
              <Td>{r.count.toLocaleString("en-US")}</Td>
              <Td>
                <Badge tone={r.disposition === "reject" ? "red" : r.disposition === "quarantine" ? "amber" : "slate"}>
                  {r.disposition ?? "–"}
                </Badge>
              </Td>
              <Td>
                <Badge tone={passTone(r.dkimAligned)}>{r.dkimAligned ?? "–"}</Badge>
              </Td>
              <Td>
                <Badge tone={passTone(r.spfAligned)}>{r.spfAligned ?? "–"}</Badge>
              </Td>
              <Td>{r.headerFrom ?? "–"}</Td>
              <Td className="text-xs">
                {r.dkimDomains
                  .map((dom, i) => `${dom}${r.dkimSelectors[i] ? ` (${r.dkimSelectors[i]})` : ""}: ${r.dkimResults[i] ?? "?"}`)
                  .join(", ") || "–"}
              </Td>
              <Td className="text-xs">{r.spfDomains.map((dom, i) => `${dom}: ${r.spfResults[i] ?? "?"}`).join(", ") || "–"}</Td>
              <Td className="text-xs">{r.reasons.join(", ") || "–"}</Td>
            </tr>
          ))}
        </Table>
      </div>
    </Card>
  );
}

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
            <div className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-600" tabIndex={0}>
              <Table head={["Result type", "Failed sessions", "Sending IP", "Receiving MX", "Receiving IP", "Details"]}>
                {p.failures.map((f) => (
                  <tr key={f.id}>
                    <Td className="font-medium text-slate-900">{f.resultType}</Td>
                    <Td>{f.failedSessionCount.toLocaleString("en-US")}</Td>
                    <Td className="font-mono text-xs">{f.sendingMtaIp ?? "–"}</Td>
                    <Td>{f.receivingMxHostname ?? "–"}</Td>
                    <Td className="font-mono text-xs">{f.receivingIp ?? "–"}</Td>
                    <Td className="text-xs">{[f.failureReasonCode, f.additionalInformation].filter(Boolean).join(" · ") || "–"}</Td>
                  </tr>
                ))}
              </Table>
            </div>
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
