"use client";

import { useQuery } from "@tanstack/react-query";

import { LoadingRows, Notice, Stat } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC, type RouterOutputs } from "~/trpc/react";
import { CheckNowButton, useCheckNow } from "./check-now";
import { GradeBadge, StatusBadge } from "./grade";
import { ChangesCard, NotCheckedCard, SummaryCard } from "./health-report";
import { BlocklistsCard, ReverseDnsCard } from "./ip-reputation-cards";

type Latest = NonNullable<RouterOutputs["dnsCheck"]["ips"]["byId"]["latest"]>;

/** Reputation of one sending IP: reverse DNS (PTR, FCrDNS, HELO) and the blocklist matrix. */
export function IpHealth({ id }: { id: string }) {
  const org = useOrg();
  const trpc = useTRPC();
  const initial = useQuery(trpc.dnsCheck.ips.byId.queryOptions({ id }));
  const check = useCheckNow("ip", id, initial.data?.latest?.checkedAt);
  const health = useQuery({ ...trpc.dnsCheck.ips.byId.queryOptions({ id }), refetchInterval: check.pollMs });
  const action = org.can("ips.write") ? <CheckNowButton check={check} /> : null;
  if (health.error) return <Notice title="Cannot show this IP's reputation">{errorMessage(health.error)}</Notice>;
  if (!health.data) return <LoadingRows rows={4} />;
  const { latest, history, drift } = health.data;
  if (!latest) {
    return (
      <NotCheckedCard title="Reputation" action={action}>
        The first blocklist and reverse DNS check runs within a minute of adding the IP
      </NotCheckedCard>
    );
  }
  const { rdns, dnsbl } = latest.result.checks;
  const figures = blocklistFigures(dnsbl);
  return (
    <div className="mb-6 space-y-6">
      <SummaryCard title="Reputation" latest={latest} history={history} action={action} gridClassName="sm:grid-cols-4">
        <Stat label="Overall" value={<GradeBadge grade={latest.grade} unknown reason={overallHint(latest)} />} hint={overallHint(latest)} />
        {dnsbl.grade === null ? (
          <Stat
            label="Blocklists"
            value={<GradeBadge grade={null} unknown reason={figures.unknownReason} />}
            hint={figures.unknownReason}
          />
        ) : (
          <Stat
            label="Listed on"
            value={`${dnsbl.listedCount} of ${figures.answered}`}
            hint={
              figures.noAnswer > 0
                ? `${figures.answered} of ${dnsbl.lists.length} lists answered; ${figures.noAnswer} gave no answer · weighted score ${dnsbl.score}`
                : `weighted score ${dnsbl.score}`
            }
          />
        )}
        <Stat label="PTR" value={<span className="font-mono text-base">{rdns.ptrNames[0] ?? "none"}</span>} />
        <Stat
          label="FCrDNS"
          value={<StatusBadge status={rdns.fcrdns ? "pass" : "fail"} />}
          hint={rdns.confirmedNames.length > 0 ? `confirmed: ${rdns.confirmedNames.join(", ")}` : undefined}
        />
      </SummaryCard>
      <ReverseDnsCard rdns={rdns} />
      <BlocklistsCard dnsbl={dnsbl} unknownReason={figures.unknownReason} />
      <ChangesCard description="Listings and delistings between consecutive checks." drift={drift} />
    </div>
  );
}

/**
 * Counted from the lists (stored results from before the counts existed have them too): a list that
 * gave no usable answer is neither listed nor clear, so it is never in the denominator.
 */
function blocklistFigures(dnsbl: Latest["result"]["checks"]["dnsbl"]) {
  const noAnswer = dnsbl.lists.filter((l) => l.status === "error").length;
  const answered = dnsbl.lists.length - noAnswer;
  const unknownReason = dnsbl.unknownReason ?? (answered === 0 ? `all ${dnsbl.lists.length} lists refused or timed out` : undefined);
  return { noAnswer, answered, unknownReason };
}

function overallHint(latest: Latest): string {
  const { rdns, dnsbl } = latest.result.checks;
  if (latest.grade === null) return "No check could run; retried on the next run.";
  const notGraded =
    dnsbl.grade === null
      ? "Blocklists not graded (could not check)."
      : rdns.grade === null
        ? "Reverse DNS not graded (could not check)."
        : "";
  return [latest.worstMessage ?? "No problems found", notGraded].filter(Boolean).join(" ");
}
