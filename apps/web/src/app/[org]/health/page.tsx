"use client";

import { useQuery } from "@tanstack/react-query";

import { Card, CardHeader, EmptyState, LoadingRows, Notice } from "@inboxwatch/ui";

import { DriftTimeline } from "~/components/dns-health/drift";
import { Icon } from "~/components/icons";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";
import { DomainHealthTable, IpHealthTable } from "./health-tables";

/** Every sending domain and IP with its grade and worst finding, and the latest drift across them. */
export default function HealthPage() {
  const trpc = useTRPC();
  const table = useQuery(trpc.dnsCheck.list.queryOptions());
  const drift = useQuery(trpc.dnsCheck.domains.drift.queryOptions({ limit: 30 }));
  return (
    <Page title="Health" description="DNS authentication and reputation of every sending domain and IP: the worst finding first.">
      {table.error ? <Notice>{errorMessage(table.error)}</Notice> : null}
      {table.isPending ? (
        <LoadingRows rows={5} />
      ) : table.data && table.data.domains.length + table.data.ips.length === 0 ? (
        <EmptyState icon={<Icon name="check" className="size-10" />} title="Nothing to check yet">
          Add your sending domains and IPs; their SPF, DKIM, DMARC, MX, MTA-STS, reverse DNS and blocklist status appear here within a
          minute.
        </EmptyState>
      ) : table.data ? (
        <div className="space-y-6">
          <DomainHealthTable rows={table.data.domains} />
          <IpHealthTable rows={table.data.ips} />
          <Card>
            <CardHeader title="Recent changes" description="Drift between consecutive checks, across all domains and IPs." />
            {drift.error ? (
              <Notice>{errorMessage(drift.error)}</Notice>
            ) : drift.data ? (
              <DriftTimeline events={drift.data} showSubject />
            ) : (
              <LoadingRows />
            )}
          </Card>
        </div>
      ) : null}
    </Page>
  );
}
