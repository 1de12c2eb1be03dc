"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "next/navigation";

import { Button, Card, CardHeader, LoadingRows, Notice } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";
import { DeliveryLog, MutedBadge, SeverityBadge, StatusBadge } from "../parts";
import { AssigneeCard } from "./assignee-card";
import { EvidenceCard } from "./evidence-card";
import { TimelineCard } from "./timeline-card";

export default function IncidentPage() {
  const { id } = useParams<{ id: string }>();
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const incident = useQuery(trpc.alerts.incidents.byId.queryOptions({ id }, { refetchInterval: 10_000 }));
  const members = useQuery({ ...trpc.members.list.queryOptions(), enabled: org.can("members.read") });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const acknowledge = useMutation(trpc.alerts.incidents.acknowledge.mutationOptions({ onSuccess: invalidate }));
  const resolve = useMutation(trpc.alerts.incidents.resolve.mutationOptions({ onSuccess: invalidate }));
  const assign = useMutation(trpc.alerts.incidents.assign.mutationOptions({ onSuccess: invalidate }));
  if (incident.error) return <Notice title="Cannot show this incident">{errorMessage(incident.error)}</Notice>;
  if (!incident.data) return <LoadingRows rows={6} />;
  const i = incident.data;
  const canWrite = org.can("alerts.write");
  const mutationError = acknowledge.error ?? resolve.error ?? assign.error;
  const actions = canWrite ? (
    <div className="flex gap-2">
      {i.status === "open" ? (
        <Button variant="secondary" loading={acknowledge.isPending} onClick={() => acknowledge.mutate({ id })}>
          Acknowledge
        </Button>
      ) : null}
      {i.status !== "resolved" ? (
        <Button loading={resolve.isPending} onClick={() => resolve.mutate({ id })}>
          Resolve
        </Button>
      ) : null}
    </div>
  ) : null;
  return (
    <Page
      title={
        <span className="flex items-center gap-2">
          {i.title} <SeverityBadge severity={i.severity} /> <StatusBadge status={i.status} />
          <MutedBadge mutedBy={i.mutedBy} />
        </span>
      }
      description={`${i.scopeKey} · opened ${i.openedAt.toLocaleString()}${i.resolvedAt ? ` · resolved ${i.resolvedAt.toLocaleString()}` : ""}`}
      actions={actions}
      breadcrumbs={[{ label: "Alerts", href: org.href("alerts") }, { label: i.title }]}
    >
      {mutationError ? (
        <div className="mb-4">
          <Notice>{errorMessage(mutationError)}</Notice>
        </div>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <EvidenceCard incident={i} />
          <Card>
            <CardHeader title="Delivery log" description="Every attempt to notify a channel, with the receiver's answer." />
            <DeliveryLog rows={i.deliveries} />
          </Card>
        </div>
        <div className="space-y-4">
          <AssigneeCard
            assigneeId={i.assigneeId}
            assigneeEmail={i.assignee?.email ?? null}
            members={canWrite && members.data ? members.data : null}
            onAssign={(assigneeId) => assign.mutate({ id, assigneeId })}
          />
          <TimelineCard incident={i} canWrite={canWrite} />
        </div>
      </div>
    </Page>
  );
}
