"use client";

import type { ReactNode } from "react";

import { Badge, DataTable, type DataColumn } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import type { RouterOutputs } from "~/trpc/react";
import { KIND_LABEL, channelTarget } from "./channel-model";

export type ChannelRow = RouterOutputs["alerts"]["channels"]["list"][number];

export interface ChannelActions {
  canWrite: boolean;
  toggleLog: (c: ChannelRow) => void;
  sendTest: (c: ChannelRow) => void;
  edit: (c: ChannelRow) => void;
  rotate: (c: ChannelRow) => void;
  remove: (c: ChannelRow) => void;
}

const LINK = "text-brand-600 hover:text-brand-700";

function columns(a: ChannelActions): DataColumn<ChannelRow>[] {
  return [
    {
      id: "name",
      header: "Channel",
      cell: (c) => c.name,
      sortValue: (c) => c.name,
      csv: (c) => c.name,
      className: "font-medium text-slate-900",
    },
    { id: "kind", header: "Kind", cell: (c) => KIND_LABEL[c.kind], sortValue: (c) => KIND_LABEL[c.kind], csv: (c) => c.kind },
    { id: "target", header: "Target", cell: (c) => channelTarget(c.config), className: "max-w-xs truncate font-mono text-xs" },
    {
      id: "status",
      header: "Status",
      sortValue: (c) => c.status,
      csv: (c) => c.status,
      cell: (c) => (
        <>
          <ChannelHealth status={c.status} consecutiveFailures={c.consecutiveFailures} lastDeliveredAt={c.lastDeliveredAt} />
          {c.consecutiveFailures > 0 ? <span className="ml-2 text-xs text-slate-500">{c.consecutiveFailures} failed in a row</span> : null}
          {c.digestSeverities.length > 0 ? (
            <span className="ml-2 text-xs text-slate-500">
              {c.digestSeverities.join(" + ")} in a {c.digestInterval === "daily" ? "daily" : "hourly"} digest
            </span>
          ) : null}
        </>
      ),
    },
    {
      id: "actions",
      header: "",
      align: "right",
      cell: (c) => (
        <span className="flex justify-end gap-3 text-sm font-medium">
          <button type="button" className="text-slate-600 hover:text-slate-900" onClick={() => a.toggleLog(c)}>
            Delivery log
          </button>
          {a.canWrite ? (
            <>
              <button type="button" className={LINK} onClick={() => a.sendTest(c)}>
                Send test
              </button>
              <button type="button" className={LINK} onClick={() => a.edit(c)}>
                Edit
              </button>
              {c.kind === "webhook" ? (
                <button type="button" className="text-amber-700 hover:text-amber-800" onClick={() => a.rotate(c)}>
                  Rotate secret
                </button>
              ) : null}
              <button type="button" className="text-red-600 hover:text-red-700" onClick={() => a.remove(c)}>
                Remove
              </button>
            </>
          ) : null}
        </span>
      ),
    },
  ];
}

/** The organization's alert channels with their health and what can be done with each. */
export function ChannelsTable({
  rows,
  error,
  onRetry,
  add,
  actions,
}: {
  rows: ChannelRow[] | undefined;
  error: string | null;
  onRetry: () => void;
  add: ReactNode;
  actions: ChannelActions;
}) {
  return (
    <DataTable
      card={false}
      columns={columns(actions)}
      rows={rows}
      rowKey={(c) => c.id}
      rowClassName={(c) => (c.enabled ? undefined : "opacity-60")}
      error={error}
      onRetry={onRetry}
      csvTitle="Alert channels"
      empty={{
        icon: <Icon name="plug" className="size-10" />,
        title: "No channels yet",
        action: add,
        hint: "Add where your team already is — a Slack channel, PagerDuty, an email list — then pick it in your alert rules.",
      }}
    />
  );
}

/**
 * A channel's health as it really is: "healthy" only once something was delivered through it (a new row's
 * status is "healthy" by default), "failing" after the worker flagged it, otherwise "not used yet".
 */
function ChannelHealth({
  status,
  consecutiveFailures,
  lastDeliveredAt,
}: {
  status: string;
  consecutiveFailures: number;
  lastDeliveredAt: Date | string | null;
}) {
  if (status === "failing") return <Badge tone="red">failing</Badge>;
  if (lastDeliveredAt === null)
    return (
      <Badge tone={consecutiveFailures > 0 ? "amber" : "slate"}>{consecutiveFailures > 0 ? "not delivered yet" : "not used yet"}</Badge>
    );
  return (
    <span title={`Last delivered ${new Date(lastDeliveredAt).toLocaleString()}`}>
      <Badge tone="green">healthy</Badge>
    </span>
  );
}
