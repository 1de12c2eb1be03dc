"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { Button, Card, Notice } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";
import { AuditFilters, type AuditFilterValues } from "./audit-filters";
import { AuditTable } from "./audit-table";

export default function AuditPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const [f, setFilters] = useState<AuditFilterValues>({ action: "", actorType: "", from: "", to: "" });
  const filters = {
    action: f.action || undefined,
    actorType: f.actorType || undefined,
    from: f.from ? new Date(f.from) : undefined,
    to: f.to ? new Date(`${f.to}T23:59:59`) : undefined,
  };
  const enabled = org.can("audit.read");
  const actions = useQuery({ ...trpc.audit.actions.queryOptions(), enabled });
  const log = useInfiniteQuery({
    ...trpc.audit.list.infiniteQueryOptions(filters, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
    enabled,
  });
  if (!enabled) return <Notice tone="amber">Your role cannot read the audit log.</Notice>;
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Page
      title="Audit log"
      description="Every change in this organization: who (person, API key or system job), what, on which object, when. Kept 365 days."
      breadcrumbs={[{ label: "Settings", href: org.href("settings") }, { label: "Audit log" }]}
    >
      <AuditFilters value={f} actions={actions.data} onChange={setFilters} />
      <Card>
        <AuditTable rows={rows} loading={log.isPending} error={errorMessage(log.error)} />
        {log.hasNextPage ? (
          <div className="border-t border-slate-100 p-3 text-center">
            <Button variant="secondary" size="sm" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
              Load older entries
            </Button>
          </div>
        ) : null}
      </Card>
    </Page>
  );
}
