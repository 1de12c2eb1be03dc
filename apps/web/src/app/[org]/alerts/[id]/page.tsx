"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useState } from "react";

import { Button, Card, CardBody, CardHeader, Field, LoadingRows, Notice, PageHeader, Select, Table, Td } from "@inboxwatch/ui";

import { EvidenceSeriesChart } from "~/components/charts/evidence-series";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { DeliveryLog, MutedBadge, SeverityBadge, StatusBadge } from "../parts";

const EVENT_LABEL: Record<string, string> = {
  fired: "Fired",
  updated: "Updated",
  notified: "Notified",
  acked: "Acknowledged",
  assigned: "Assigned",
  commented: "Comment",
  resolved: "Resolved",
};

export default function IncidentPage() {
  const { id } = useParams<{ id: string }>();
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState("");
  const incident = useQuery(trpc.alerts.incidents.byId.queryOptions({ id }, { refetchInterval: 10_000 }));
  const members = useQuery({ ...trpc.members.list.queryOptions(), enabled: org.can("members.read") });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const acknowledge = useMutation(trpc.alerts.incidents.acknowledge.mutationOptions({ onSuccess: invalidate }));
  const resolve = useMutation(trpc.alerts.incidents.resolve.mutationOptions({ onSuccess: invalidate }));
  const assign = useMutation(trpc.alerts.incidents.assign.mutationOptions({ onSuccess: invalidate }));
  const addComment = useMutation(
    trpc.alerts.incidents.comment.mutationOptions({
      onSuccess: async () => {
        setComment("");
        await invalidate();
      },
    }),
  );
  if (incident.error) return <Notice title="Cannot show this incident">{errorMessage(incident.error)}</Notice>;
  if (!incident.data) return <LoadingRows rows={6} />;
  const i = incident.data;
  const canWrite = org.can("alerts.write");
  const mutationError = acknowledge.error ?? resolve.error ?? assign.error ?? addComment.error;
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
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {i.title} <SeverityBadge severity={i.severity} /> <StatusBadge status={i.status} />
            <MutedBadge mutedBy={i.mutedBy} />
          </span>
        }
        description={`${i.scopeKey} · opened ${i.openedAt.toLocaleString()}${i.resolvedAt ? ` · resolved ${i.resolvedAt.toLocaleString()}` : ""}`}
        actions={actions}
      />
      {mutationError ? (
        <div className="mb-4">
          <Notice>{errorMessage(mutationError)}</Notice>
        </div>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card>
            <CardHeader title="Evidence" description={i.evidence.summary} />
            <CardBody>
              <dl className="mb-3 grid grid-cols-3 gap-2 text-sm">
                <div>
                  <dt className="text-slate-500">Value</dt>
                  <dd>{i.evidence.value === null ? "—" : Math.round(i.evidence.value * 100) / 100}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Threshold</dt>
                  <dd>{i.evidence.threshold ?? "—"}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Volume</dt>
                  <dd>{i.evidence.volume}</dd>
                </div>
              </dl>
              {i.evidence.points.length > 1 ? <EvidenceSeriesChart points={i.evidence.points} threshold={i.evidence.threshold} /> : null}
              {i.evidence.points.length > 0 ? (
                <details className="mt-3 text-sm">
                  <summary className="cursor-pointer text-slate-600">The last {Math.min(24, i.evidence.points.length)} data points</summary>
                  <Table head={["Bucket", "Value", "Volume"]}>
                    {i.evidence.points.slice(-24).map((p) => (
                      <tr key={p.at}>
                        <Td>{new Date(p.at).toLocaleString()}</Td>
                        <Td>{Math.round(p.value * 100) / 100}</Td>
                        <Td>{p.volume}</Td>
                      </tr>
                    ))}
                  </Table>
                </details>
              ) : null}
              {i.evidence.events.length > 0 ? (
                <ul className="space-y-1 font-mono text-xs text-slate-700">
                  {i.evidence.events.map((e) => (
                    <li key={`${e.at}-${e.type}`}>
                      {new Date(e.at).toISOString()} {e.type}
                      {e.active ? "" : " (cleared)"} {e.detail ?? ""}
                    </li>
                  ))}
                </ul>
              ) : null}
              {i.rule?.runbookUrl ? (
                <a
                  href={i.rule.runbookUrl}
                  className="mt-3 inline-block text-sm font-medium text-brand-600 hover:text-brand-700"
                  target="_blank"
                  rel="noreferrer"
                >
                  Runbook →
                </a>
              ) : null}
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Delivery log" description="Every attempt to notify a channel, with the receiver's answer." />
            <DeliveryLog rows={i.deliveries} />
          </Card>
        </div>
        <div className="space-y-4">
          <Card>
            <CardHeader title="Assignee" />
            <CardBody>
              {canWrite && members.data ? (
                <Field label="Assigned to" htmlFor="assignee">
                  <Select
                    id="assignee"
                    value={i.assigneeId ?? ""}
                    onChange={(e) => assign.mutate({ id, assigneeId: e.target.value || null })}
                  >
                    <option value="">Nobody</option>
                    {members.data.map((m) => (
                      <option key={m.user.id} value={m.user.id}>
                        {m.user.name ?? m.user.email}
                      </option>
                    ))}
                  </Select>
                </Field>
              ) : (
                <p className="text-sm text-slate-700">{i.assignee?.email ?? "Nobody"}</p>
              )}
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Timeline" />
            <CardBody>
              <ol className="space-y-3 text-sm">
                {i.timeline.map((e) => (
                  <li key={e.id}>
                    <div className="font-medium text-slate-900">
                      {EVENT_LABEL[e.type] ?? e.type}{" "}
                      <span className="font-normal text-slate-500">
                        · {e.actorLabel} · {e.at.toLocaleString()}
                      </span>
                    </div>
                    {e.body ? <p className="whitespace-pre-wrap text-slate-700">{e.body}</p> : null}
                  </li>
                ))}
              </ol>
              {canWrite ? (
                <form
                  className="mt-4 space-y-2"
                  onSubmit={(ev) => {
                    ev.preventDefault();
                    if (comment.trim()) addComment.mutate({ id, body: comment });
                  }}
                >
                  <label htmlFor="comment" className="block text-sm font-medium text-slate-700">
                    Comment
                  </label>
                  <textarea
                    id="comment"
                    value={comment}
                    onChange={(e) => setComment(e.target.value)}
                    rows={3}
                    className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
                    placeholder="What you found, what you did"
                  />
                  <Button type="submit" size="sm" loading={addComment.isPending}>
                    Add comment
                  </Button>
                </form>
              ) : null}
            </CardBody>
          </Card>
        </div>
      </div>
    </>
  );
}
