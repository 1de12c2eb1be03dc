"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { Badge, Card, CardBody, CardHeader, LoadingRows, Notice, Select, Stat, Table, Td } from "@inboxwatch/ui";

import { DmarcComplianceChart } from "~/components/charts/dmarc-compliance";
import { errorMessage, useTRPC } from "~/trpc/react";

const fmtPct = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${v.toFixed(1)} %`);
const fmt = (v: number) => v.toLocaleString("en-US");

/** DMARC: compliance per domain over time, sources per IP (unknown ones highlighted), reporters, verdict, drill-down. */
export function DmarcTab({ days }: { days: number }) {
  const trpc = useTRPC();
  const [domain, setDomain] = useState("");
  const [sourceIp, setSourceIp] = useState<string | null>(null);
  const window = { days, domain: domain || undefined };
  const overview = useQuery(trpc.reports.dmarc.overview.queryOptions(window));
  const sources = useQuery(trpc.reports.dmarc.sources.queryOptions(window));
  const reporters = useQuery(trpc.reports.dmarc.reporters.queryOptions(window));
  const verdict = useQuery({ ...trpc.reports.dmarc.verdict.queryOptions({ domain }), enabled: domain !== "" });
  const records = useQuery({
    ...trpc.reports.dmarc.records.queryOptions({ ...window, sourceIp: sourceIp ?? "" }),
    enabled: sourceIp !== null,
  });
  const o = overview.data;
  const totals = o?.domains.reduce((a, d) => ({ total: a.total + d.total, aligned: a.aligned + d.aligned }), { total: 0, aligned: 0 });

  return (
    <div className="space-y-6">
      {overview.error ? <Notice>{errorMessage(overview.error)}</Notice> : null}
      <div className="flex items-center gap-3">
        <label htmlFor="dmarc-domain" className="text-sm text-slate-600">
          Domain
        </label>
        <Select
          id="dmarc-domain"
          value={domain}
          onChange={(e) => {
            setDomain(e.target.value);
            setSourceIp(null);
          }}
        >
          <option value="">All domains</option>
          {o?.domains.map((d) => (
            <option key={d.domain} value={d.domain}>
              {d.domain}
            </option>
          ))}
        </Select>
      </div>
      {overview.isPending ? (
        <LoadingRows />
      ) : o ? (
        <>
          <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
            <Stat label="Messages reported" value={fmt(totals?.total ?? 0)} />
            <Stat
              label="DMARC compliance"
              value={fmtPct(totals && totals.total ? (totals.aligned / totals.total) * 100 : null)}
              hint="SPF or DKIM aligned pass"
            />
            <Stat label="Reports" value={fmt(o.reports)} />
            <Stat
              label="Sources"
              value={fmt(sources.data?.length ?? 0)}
              hint={`${sources.data?.filter((s) => !s.known).length ?? 0} unknown`}
            />
          </div>
          <Card>
            <CardHeader
              title="Compliance over time"
              description="Messages per day as reported by receivers; the line is the share passing DMARC."
            />
            <CardBody>
              {o.series.length ? (
                <DmarcComplianceChart data={o.series} />
              ) : (
                <p className="text-sm text-slate-500">No records in this range.</p>
              )}
            </CardBody>
          </Card>
          {!domain ? (
            <Card>
              <CardHeader title="Domains" description="Pick a domain above for its sources and the policy verdict." />
              <Table head={["Domain", "Policy", "Messages", "Compliance", "DKIM pass", "SPF pass", "Quarantined", "Rejected"]}>
                {o.domains.map((d) => (
                  <tr key={d.domain} className="cursor-pointer hover:bg-slate-50" onClick={() => setDomain(d.domain)}>
                    <Td className="font-medium text-slate-900">{d.domain}</Td>
                    <Td>{d.policy?.p ? <Badge tone={d.policy.p === "none" ? "amber" : "green"}>p={d.policy.p}</Badge> : "–"}</Td>
                    <Td>{fmt(d.total)}</Td>
                    <Td>{fmtPct(d.compliancePct)}</Td>
                    <Td>{fmtPct(d.dkimPassPct)}</Td>
                    <Td>{fmtPct(d.spfPassPct)}</Td>
                    <Td>{fmt(d.quarantined)}</Td>
                    <Td>{fmt(d.rejected)}</Td>
                  </tr>
                ))}
              </Table>
            </Card>
          ) : null}
        </>
      ) : null}

      {domain && verdict.data ? (
        <Notice
          tone={verdict.data.ready ? "green" : "amber"}
          title={verdict.data.ready ? `${domain} is ready for p=quarantine` : `${domain} is not ready for p=quarantine yet`}
        >
          <p>
            Last {verdict.data.windowDays} days: {fmt(verdict.data.total)} messages, {fmtPct(verdict.data.compliancePct)} passing DMARC,{" "}
            {verdict.data.daysWithData} day(s) with reports; policy now {verdict.data.policy?.p ? `p=${verdict.data.policy.p}` : "unknown"}.
          </p>
          {verdict.data.reasons.length ? (
            <ul className="mt-1 list-disc pl-5">
              {verdict.data.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}

      <Card>
        <CardHeader
          title="Sources"
          description="Every IP receivers saw sending as your domain. Unknown = not in your Sending IPs; click a row for its records."
        />
        {sources.error ? <Notice>{errorMessage(sources.error)}</Notice> : null}
        {sources.isPending ? (
          <LoadingRows />
        ) : (
          <Table
            head={[
              "Source IP",
              "Messages",
              "Compliance",
              "DKIM aligned",
              "SPF aligned",
              "Disposition (none / quar. / reject)",
              "Overrides",
              "From",
            ]}
          >
            {sources.data?.map((s) => (
              <tr
                key={s.sourceIp}
                className={`cursor-pointer ${s.known ? "hover:bg-slate-50" : "bg-amber-50/60 hover:bg-amber-50"} ${sourceIp === s.sourceIp ? "ring-2 ring-brand-300 ring-inset" : ""}`}
                onClick={() => setSourceIp(s.sourceIp)}
              >
                <Td className="font-mono text-xs text-slate-900">
                  {s.sourceIp} {s.known ? null : <Badge tone="amber">unknown</Badge>}
                  {s.ptr || s.provider ? <div className="text-slate-500">{[s.provider, s.ptr].filter(Boolean).join(" · ")}</div> : null}
                </Td>
                <Td>{fmt(s.total)}</Td>
                <Td>{fmtPct(s.compliancePct)}</Td>
                <Td>{fmt(s.dkimAlignedPass)}</Td>
                <Td>{fmt(s.spfAlignedPass)}</Td>
                <Td>{`${fmt(s.none)} / ${fmt(s.quarantine)} / ${fmt(s.reject)}`}</Td>
                <Td>{s.overrides ? fmt(s.overrides) : "–"}</Td>
                <Td className="text-xs">{s.headerFroms.join(", ")}</Td>
              </tr>
            ))}
          </Table>
        )}
      </Card>

      {sourceIp ? (
        <Card>
          <CardHeader title={`Records from ${sourceIp}`} description={<SourceName records={records.data} />} />
          {records.error ? (
            <Notice>{errorMessage(records.error)}</Notice>
          ) : records.isPending ? (
            <LoadingRows />
          ) : (
            <Table
              head={[
                "Day",
                "Reporter",
                "Count",
                "Disposition",
                "DKIM / SPF aligned",
                "Header from",
                "DKIM results",
                "SPF results",
                "Overrides",
              ]}
            >
              {records.data?.map((r) => (
                <tr key={r.id}>
                  <Td>{new Date(r.beginAt).toISOString().slice(0, 10)}</Td>
                  <Td>{r.report.reporterOrg}</Td>
                  <Td>{fmt(r.count)}</Td>
                  <Td>{r.disposition ?? "–"}</Td>
                  <Td>
                    <Badge tone={r.dkimAligned === "pass" ? "green" : "red"}>{r.dkimAligned ?? "–"}</Badge>{" "}
                    <Badge tone={r.spfAligned === "pass" ? "green" : "red"}>{r.spfAligned ?? "–"}</Badge>
                  </Td>
                  <Td>{r.headerFrom ?? "–"}</Td>
                  <Td className="text-xs">
                    {r.dkimDomains
                      .map((d, i) => `${d}${r.dkimSelectors[i] ? ` (${r.dkimSelectors[i]})` : ""}: ${r.dkimResults[i] ?? ""}`)
                      .join(", ") || "–"}
                  </Td>
                  <Td className="text-xs">
                    {r.spfDomains
                      .map((d, i) => `${d}${r.spfScopes[i] ? ` [${r.spfScopes[i]}]` : ""}: ${r.spfResults[i] ?? ""}`)
                      .join(", ") || "–"}
                  </Td>
                  <Td className="text-xs">{r.reasons.join(", ") || "–"}</Td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
      ) : null}

      <Card>
        <CardHeader title="Reporters" description="Which receivers send you reports, and what they saw." />
        {reporters.isPending ? (
          <LoadingRows />
        ) : (
          <Table head={["Reporter", "Reports", "Messages", "Compliance", "Latest report"]}>
            {reporters.data?.map((r) => (
              <tr key={r.reporter}>
                <Td className="font-medium text-slate-900">{r.reporter || "(unnamed)"}</Td>
                <Td>{fmt(r.reports)}</Td>
                <Td>{fmt(r.total)}</Td>
                <Td>{fmtPct(r.compliancePct)}</Td>
                <Td>{new Date(r.lastReportEnd).toISOString().slice(0, 10)}</Td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </div>
  );
}

/** The drill-down's subtitle: the source's verified PTR and provider (named by the reports.name-sources job), then what the table shows. */
function SourceName({ records }: { records: { ptr: string | null; provider: string | null }[] | undefined }) {
  const named = records?.find((r) => r.ptr || r.provider);
  return (
    <>
      {named ? (
        <span className="mr-2 font-medium text-slate-700">
          {named.provider ?? "Unknown provider"}
          {named.ptr ? ` · ${named.ptr}` : " · no verified PTR"}
        </span>
      ) : null}
      As reported, newest first: evaluated policy and the DKIM/SPF results behind it.
    </>
  );
}
