"use client";

import { useQuery } from "@tanstack/react-query";

import { Badge, Card, CardBody, CardHeader, EmptyState, LoadingRows, Notice, Stat, Table, Td } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { CheckNowButton, useCheckNow } from "./check-now";
import { DriftTimeline } from "./drift";
import { FindingList } from "./findings";
import { GradeBadge, GradeStrip, StatusBadge, UnknownReason } from "./grade";

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
      <Card className="mb-6">
        <CardHeader title="Reputation" actions={action} />
        <CardBody>
          <EmptyState title="Not checked yet">
            The first blocklist and reverse DNS check runs within a minute of adding the IP{action ? "; or press Check now" : ""}.
          </EmptyState>
        </CardBody>
      </Card>
    );
  }
  const { rdns, dnsbl } = latest.result.checks;
  // Listed first, then errors, then clean; heavier lists first within each.
  const order: Record<string, number> = { listed: 0, error: 1, clear: 2 };
  const lists = [...dnsbl.lists].sort((a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3) || b.weight - a.weight);
  // Counted from the lists (stored results from before the counts existed have them too): a list that
  // gave no usable answer is neither listed nor clear, so it is never in the denominator.
  const noAnswer = dnsbl.lists.filter((l) => l.status === "error").length;
  const answered = dnsbl.lists.length - noAnswer;
  const dnsblUnknown = dnsbl.grade === null;
  const unknownReason = dnsbl.unknownReason ?? (answered === 0 ? `all ${dnsbl.lists.length} lists refused or timed out` : undefined);
  const overallHint =
    latest.grade === null
      ? "No check could run; retried on the next run."
      : [
          latest.worstMessage ?? "No problems found",
          dnsblUnknown
            ? "Blocklists not graded (could not check)."
            : rdns.grade === null
              ? "Reverse DNS not graded (could not check)."
              : "",
        ]
          .filter(Boolean)
          .join(" ");
  return (
    <div className="mb-6 space-y-6">
      <Card>
        <CardHeader
          title="Reputation"
          description={`Checked ${latest.checkedAt.toLocaleString()} · ${latest.queryCount} DNS lookups in ${latest.durationMs} ms`}
          actions={action}
        />
        <CardBody>
          <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
            <Stat label="Overall" value={<GradeBadge grade={latest.grade} unknown reason={overallHint} />} hint={overallHint} />
            {dnsblUnknown ? (
              <Stat label="Blocklists" value={<GradeBadge grade={null} unknown reason={unknownReason} />} hint={unknownReason} />
            ) : (
              <Stat
                label="Listed on"
                value={`${dnsbl.listedCount} of ${answered}`}
                hint={
                  noAnswer > 0
                    ? `${answered} of ${dnsbl.lists.length} lists answered; ${noAnswer} gave no answer · weighted score ${dnsbl.score}`
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
          </div>
          {history.length > 1 ? (
            <div className="mt-5">
              <div className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Grade history</div>
              <GradeStrip points={history} />
            </div>
          ) : null}
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title={
            <span className="flex items-center gap-2">
              Reverse DNS and HELO <GradeBadge grade={rdns.grade} unknown reason={rdns.unknownReason} />
            </span>
          }
        />
        <CardBody>
          {rdns.grade === null ? (
            <div className="mb-3">
              <UnknownReason reason={rdns.unknownReason} />
            </div>
          ) : null}
          {rdns.banners && rdns.banners.length > 0 ? (
            <div className="mb-4">
              <div className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">
                SMTP banner host names seen by the probes
              </div>
              <ul className="space-y-1 text-sm">
                {rdns.banners.map((b) => (
                  <li key={b.hostname} className="flex items-center gap-2">
                    <Badge tone={b.matchesPtr ? "green" : "amber"}>{b.matchesPtr ? "matches PTR" : "differs from PTR"}</Badge>
                    <span className="font-mono">{b.hostname}</span>
                    <span className="text-slate-500">
                      {b.ports.length > 0 ? `port ${b.ports.join(", ")}` : null}
                      {b.servers.length > 0 ? ` · ${b.servers.join(", ")}` : null}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <FindingList findings={rdns.findings} />
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title={
            <span className="flex items-center gap-2">
              Blocklists <GradeBadge grade={dnsbl.grade} unknown reason={unknownReason} />
            </span>
          }
          description={
            dnsblUnknown
              ? `Could not check: ${unknownReason ?? "no list gave a usable answer"}.`
              : `Each list queried for this IP: listed, clean, or no usable answer. ${dnsbl.summary ?? ""}`
          }
        />
        <Table head={["List", "Result", "Reason", "Weight", ""]}>
          {lists.map((l) => (
            <tr key={l.zone}>
              <Td>
                <div className="font-medium text-slate-900">{l.name}</div>
                <div className="font-mono text-xs text-slate-500">{l.zone}</div>
              </Td>
              <Td>
                <StatusBadge status={l.status} />
              </Td>
              <Td className="max-w-md whitespace-normal text-xs">
                {l.status === "listed"
                  ? [l.meanings.join(", "), l.reason].filter(Boolean).join(" — ")
                  : l.status === "error"
                    ? l.error
                    : null}
              </Td>
              <Td>{l.weight}</Td>
              <Td className="text-right">
                {l.status === "listed" && l.delistUrl ? (
                  <a
                    href={l.delistUrl}
                    target="_blank"
                    rel="noreferrer"
                    className="text-sm font-medium text-brand-600 hover:text-brand-700"
                  >
                    Request delisting
                  </a>
                ) : null}
              </Td>
            </tr>
          ))}
        </Table>
      </Card>
      <Card>
        <CardHeader title="Changes" description="Listings and delistings between consecutive checks." />
        <DriftTimeline events={drift} />
      </Card>
    </div>
  );
}
