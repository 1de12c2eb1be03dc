"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { Card, CardBody, CardHeader, ChartFrame, LoadingRows, Notice, Select, Stat } from "@inboxwatch/ui";

import { DmarcComplianceChart } from "~/components/charts/dmarc-compliance";
import { errorMessage, useTRPC, type RouterOutputs } from "~/trpc/react";
import { DmarcDomainsTable, DmarcRecordsTable, DmarcReportersTable, DmarcSourcesTable } from "./dmarc-tables";
import { count, percent } from "./report-format";

type Overview = RouterOutputs["reports"]["dmarc"]["overview"];
type Verdict = RouterOutputs["reports"]["dmarc"]["verdict"];
type Sources = RouterOutputs["reports"]["dmarc"]["sources"];

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
  const pickDomain = (d: string) => {
    setDomain(d);
    setSourceIp(null);
  };

  return (
    <div className="space-y-6">
      {overview.error ? <Notice>{errorMessage(overview.error)}</Notice> : null}
      <DomainPicker value={domain} domains={o?.domains.map((d) => d.domain) ?? []} onChange={pickDomain} />
      {overview.isPending ? (
        <LoadingRows />
      ) : o ? (
        <>
          <DmarcSummary overview={o} sources={sources.data} />
          {!domain ? <DmarcDomainsTable rows={o.domains} onSelect={pickDomain} /> : null}
        </>
      ) : null}
      {domain && verdict.data ? <VerdictNotice domain={domain} verdict={verdict.data} /> : null}
      <DmarcSourcesTable sources={sources} selected={sourceIp} onSelect={setSourceIp} />
      {sourceIp ? <DmarcRecordsTable sourceIp={sourceIp} records={records} /> : null}
      <DmarcReportersTable reporters={reporters} />
    </div>
  );
}

function DomainPicker({ value, domains, onChange }: { value: string; domains: string[]; onChange: (domain: string) => void }) {
  return (
    <div className="flex items-center gap-3">
      <label htmlFor="dmarc-domain" className="text-sm text-slate-600">
        Domain
      </label>
      <Select id="dmarc-domain" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All domains</option>
        {domains.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </Select>
    </div>
  );
}

/** The headline figures and the compliance chart of the chosen window (and domain). */
function DmarcSummary({ overview: o, sources }: { overview: Overview; sources: Sources | undefined }) {
  const totals = o.domains.reduce((a, d) => ({ total: a.total + d.total, aligned: a.aligned + d.aligned }), { total: 0, aligned: 0 });
  const compliance = totals.total ? (totals.aligned / totals.total) * 100 : null;
  return (
    <>
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <Stat label="Messages reported" value={count(totals.total)} />
        <Stat label="DMARC compliance" value={percent(compliance)} hint="SPF or DKIM aligned pass" />
        <Stat label="Reports" value={count(o.reports)} />
        <Stat label="Sources" value={count(sources?.length ?? 0)} hint={`${sources?.filter((s) => !s.known).length ?? 0} unknown`} />
      </div>
      <Card>
        <CardHeader
          title="Compliance over time"
          description="Messages per day as reported by receivers; the line is the share passing DMARC."
        />
        <CardBody>
          <ChartFrame
            title="Messages per day and DMARC compliance"
            description={`${count(totals.total)} messages reported, ${percent(compliance)} passing DMARC`}
            empty={o.series.length === 0}
            emptyText="No records in this range."
            height={260}
          >
            <DmarcComplianceChart data={o.series} />
          </ChartFrame>
        </CardBody>
      </Card>
    </>
  );
}

/** Whether the domain can move to p=quarantine, and what stands in the way. */
function VerdictNotice({ domain, verdict: v }: { domain: string; verdict: Verdict }) {
  return (
    <Notice
      tone={v.ready ? "green" : "amber"}
      title={v.ready ? `${domain} is ready for p=quarantine` : `${domain} is not ready for p=quarantine yet`}
    >
      <p>
        Last {v.windowDays} days: {count(v.total)} messages, {percent(v.compliancePct)} passing DMARC, {v.daysWithData} day(s) with reports;
        policy now {v.policy?.p ? `p=${v.policy.p}` : "unknown"}.
      </p>
      {v.reasons.length ? (
        <ul className="mt-1 list-disc pl-5">
          {v.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
    </Notice>
  );
}
