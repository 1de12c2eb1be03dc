"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Badge, Card, CardHeader, LoadingRows, Notice, PageHeader, Stat } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

export default function OverviewPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const overview = useQuery(trpc.organization.overview.queryOptions());
  const data = overview.data;
  const remaining = data?.steps.filter((s) => !s.done).length ?? 0;
  return (
    <>
      <PageHeader title="Overview" description={`Everything ${org.name} watches, at a glance.`} />
      {overview.error ? <Notice>{errorMessage(overview.error)}</Notice> : null}
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <Stat label="Mail servers" value={data?.counts.servers ?? "–"} hint="probed on 25 / 587 / 465" />
        <Stat label="Sending domains" value={data?.counts.domains ?? "–"} hint="SPF · DKIM · DMARC" />
        <Stat label="Sending IPs" value={data?.counts.ips ?? "–"} hint="rDNS and blocklists" />
        <Stat
          label="Members"
          value={data?.counts.members ?? "–"}
          hint={data?.counts.pendingInvitations ? `${data.counts.pendingInvitations} invited` : "in this organization"}
        />
      </div>
      {data?.steps.length === 0 ? null : (
        <Card className="mt-8">
          <CardHeader
            title="Next steps"
            description={remaining === 0 ? "You are all set up." : `${remaining} step${remaining === 1 ? "" : "s"} to complete your setup.`}
            actions={
              data ? (
                <Badge tone={remaining === 0 ? "green" : "blue"}>
                  {data.steps.length - remaining} / {data.steps.length} done
                </Badge>
              ) : null
            }
          />
          {!data ? (
            <div className="p-5">
              <LoadingRows rows={4} />
            </div>
          ) : (
            <ol className="divide-y divide-slate-100">
              {data.steps.map((step, i) => (
                <li key={step.key} className="flex items-center gap-4 px-5 py-4">
                  <span
                    className={`flex size-8 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${step.done ? "bg-emerald-100 text-emerald-700" : "bg-slate-100 text-slate-600"}`}
                  >
                    {step.done ? <Icon name="check" className="size-4" /> : i + 1}
                  </span>
                  <div className="min-w-0 flex-1">
                    <div className={`text-sm font-medium ${step.done ? "text-slate-500 line-through" : "text-slate-900"}`}>
                      {step.title}
                    </div>
                    <div className="text-sm text-slate-500">{step.detail}</div>
                  </div>
                  {!step.done ? (
                    <Link
                      href={org.href(step.href)}
                      className="inline-flex items-center gap-1 text-sm font-medium text-brand-600 hover:text-brand-700"
                    >
                      Start <Icon name="arrow" className="size-4" />
                    </Link>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </Card>
      )}
    </>
  );
}
