"use client";

import { useQuery } from "@tanstack/react-query";

import type { CheckResultBase } from "@inboxwatch/deliverability/dns";
import { LoadingRows, Notice, Stat } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { CheckNowButton, useCheckNow } from "./check-now";
import { DomainCheckCard } from "./domain-check-card";
import { COULD_NOT_CHECK, GradeBadge, StatusBadge } from "./grade";
import { ChangesCard, NotCheckedCard, SummaryCard } from "./health-report";

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

const label = (key: string) => DOMAIN_CHECK_LABELS[key] ?? key;

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
      <NotCheckedCard title="Health" action={action}>
        The first check runs within a minute of adding the domain
      </NotCheckedCard>
    );
  }
  const r = latest.result;
  // Each value of `checks` is a CheckResultBase; Object.entries types an interface's values loosely, the guard narrows.
  const checks = Object.entries(r.checks).filter((e): e is [string, CheckResultBase] => e[1] !== undefined);
  // Checks that could not run are not graded and not part of the overall grade: say which.
  const unknown = checks.filter(([, c]) => c.grade === null).map(([key]) => label(key));
  const overallHint =
    latest.grade === null
      ? `Not graded: ${unknown.join(", ")} could not be checked; retried on the next run.`
      : [latest.worstMessage ?? "No problems found", unknown.length > 0 ? `Not graded (${COULD_NOT_CHECK}): ${unknown.join(", ")}.` : ""]
          .filter(Boolean)
          .join(" ");
  return (
    <div className="mb-6 space-y-6">
      <SummaryCard title="Health" latest={latest} history={history} action={action} gridClassName="sm:grid-cols-4 lg:grid-cols-5">
        <Stat label="Overall" value={<GradeBadge grade={latest.grade} unknown reason={overallHint} />} hint={overallHint} />
        {checks.map(([key, c]) => (
          <Stat
            key={key}
            label={label(key)}
            value={
              <span className="flex items-center gap-2">
                <GradeBadge grade={c.grade} unknown reason={c.unknownReason} />
                <StatusBadge status={c.status} />
              </span>
            }
          />
        ))}
      </SummaryCard>
      {checks.map(([key, c]) => (
        <DomainCheckCard key={key} name={key} label={label(key)} check={c} checks={r.checks} />
      ))}
      <ChangesCard description="Drift between consecutive checks." drift={drift} />
    </div>
  );
}
