"use client";

import { useQuery } from "@tanstack/react-query";

import type { CheckResultBase } from "@inboxwatch/deliverability/dns";
import { Card, CardBody, CardHeader, EmptyState, LoadingRows, Notice, Stat } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { CheckNowButton, useCheckNow } from "./check-now";
import { DriftTimeline } from "./drift";
import { FindingList, RawRecords, SpfTree } from "./findings";
import { COULD_NOT_CHECK, GradeBadge, GradeStrip, StatusBadge, UnknownReason } from "./grade";

export const DOMAIN_CHECK_LABELS: Record<string, string> = {
  mx: "MX",
  spf: "SPF",
  dkim: "DKIM",
  dmarc: "DMARC",
  bimi: "BIMI",
  mtaSts: "MTA-STS",
  tlsRpt: "TLS-RPT",
  dnsbl: "Domain blocklists",
};

/** The health report of one sending domain: grades, findings with fixes, raw records, SPF tree, history, drift. */
export function DomainHealth({ id }: { id: string }) {
  const org = useOrg();
  const trpc = useTRPC();
  const initial = useQuery(trpc.dnsCheck.domains.byId.queryOptions({ id }));
  const check = useCheckNow("domain", id, initial.data?.latest?.checkedAt);
  const health = useQuery({ ...trpc.dnsCheck.domains.byId.queryOptions({ id }), refetchInterval: check.pollMs });
  const action = org.can("domains.write") ? <CheckNowButton check={check} /> : null;
  if (health.error) return <Notice title="Cannot show this domain's health">{errorMessage(health.error)}</Notice>;
  if (!health.data) return <LoadingRows rows={4} />;
  const { latest, history, drift } = health.data;
  if (!latest) {
    return (
      <Card className="mb-6">
        <CardHeader title="Health" actions={action} />
        <CardBody>
          <EmptyState title="Not checked yet">
            The first check runs within a minute of adding the domain{action ? "; or press Check now" : ""}.
          </EmptyState>
        </CardBody>
      </Card>
    );
  }
  const r = latest.result;
  // Each value of `checks` is a CheckResultBase; Object.entries types an interface's values loosely, the guard narrows.
  const checks = Object.entries(r.checks).filter((e): e is [string, CheckResultBase] => e[1] !== undefined);
  const spf = r.checks.spf;
  // Checks that could not run are not graded and not part of the overall grade: say which.
  const unknown = checks.filter(([, c]) => c.grade === null).map(([key]) => DOMAIN_CHECK_LABELS[key] ?? key);
  const overallHint =
    latest.grade === null
      ? `Not graded: ${unknown.join(", ")} could not be checked; retried on the next run.`
      : [latest.worstMessage ?? "No problems found", unknown.length > 0 ? `Not graded (${COULD_NOT_CHECK}): ${unknown.join(", ")}.` : ""]
          .filter(Boolean)
          .join(" ");
  return (
    <div className="mb-6 space-y-6">
      <Card>
        <CardHeader
          title="Health"
          description={`Checked ${latest.checkedAt.toLocaleString()} · ${latest.queryCount} DNS lookups in ${latest.durationMs} ms`}
          actions={action}
        />
        <CardBody>
          <div className="grid grid-cols-2 gap-4 sm:grid-cols-4 lg:grid-cols-5">
            <Stat label="Overall" value={<GradeBadge grade={latest.grade} unknown reason={overallHint} />} hint={overallHint} />
            {checks.map(([key, c]) => (
              <Stat
                key={key}
                label={DOMAIN_CHECK_LABELS[key] ?? key}
                value={
                  <span className="flex items-center gap-2">
                    <GradeBadge grade={c.grade} unknown reason={c.unknownReason} />
                    <StatusBadge status={c.status} />
                  </span>
                }
              />
            ))}
          </div>
          {history.length > 1 ? (
            <div className="mt-5">
              <div className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Grade history</div>
              <GradeStrip points={history} />
            </div>
          ) : null}
        </CardBody>
      </Card>
      {checks.map(([key, c]) => (
        <Card key={key}>
          <CardHeader
            title={
              <span className="flex items-center gap-2">
                {DOMAIN_CHECK_LABELS[key] ?? key} <GradeBadge grade={c.grade} unknown reason={c.unknownReason} />{" "}
                <StatusBadge status={c.status} />
              </span>
            }
          />
          <CardBody>
            {c.grade === null ? (
              <div className="mb-3">
                <UnknownReason reason={c.unknownReason ?? "the lookups failed; the check is retried on the next run."} />
              </div>
            ) : null}
            {key === "dnsbl" && r.checks.dnsbl?.summary && c.grade !== null ? (
              <p className="mb-3 text-sm text-slate-600">{r.checks.dnsbl.summary}</p>
            ) : null}
            {key === "spf" ? (
              <div className="mb-4 space-y-3">
                <p className="text-sm text-slate-600">
                  {spf.dnsLookups} of 10 DNS-querying terms · {spf.voidLookups} of 2 void lookups
                </p>
                {spf.tree ? <SpfTree node={spf.tree} /> : null}
                {spf.evaluations.length > 0 ? (
                  <ul className="text-sm text-slate-700">
                    {spf.evaluations.map((e) => (
                      <li key={e.ip}>
                        <span className="font-mono">{e.ip}</span>: <StatusBadge status={e.result} />{" "}
                        {e.mechanism ? <span className="font-mono text-xs text-slate-500">{e.mechanism}</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {spf.flattening && spf.flattening.records.length > 0 ? (
                  <details>
                    <summary className="cursor-pointer text-xs font-medium text-slate-500">
                      Flattening proposal ({spf.flattening.records.length} records, {spf.flattening.dnsLookups} lookups)
                    </summary>
                    <pre className="mt-2 overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-slate-50 p-3 text-xs">
                      {spf.flattening.records.map((x) => `${x.name} TXT "${x.value}"`).join("\n")}
                    </pre>
                  </details>
                ) : null}
              </div>
            ) : null}
            {key === "dkim" && r.checks.dkim.selectors.some((x) => x.found) ? (
              <ul className="mb-4 space-y-1 text-sm text-slate-700">
                {r.checks.dkim.selectors
                  .filter((x) => x.found)
                  .map((x) => (
                    <li key={x.selector}>
                      <span className="font-mono">{x.name}</span>:{" "}
                      {x.revoked ? "revoked (empty p=)" : `${x.keyType ?? "rsa"}${x.keyBits ? ` ${x.keyBits}-bit` : ""}`}
                      {x.testing ? " · testing (t=y)" : ""}
                      {x.configured ? "" : " · discovered"}
                    </li>
                  ))}
              </ul>
            ) : null}
            <FindingList findings={c.findings} />
            <RawRecords records={c.records} />
          </CardBody>
        </Card>
      ))}
      <Card>
        <CardHeader title="Changes" description="Drift between consecutive checks." />
        <DriftTimeline events={drift} />
      </Card>
    </div>
  );
}
