"use client";

import { Badge, DataTable } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import type { RouterOutputs } from "~/trpc/react";
import { windowState } from "./maintenance-model";

type WindowRow = RouterOutputs["alerts"]["maintenance"]["list"][number];
const STATE_TONE = { active: "amber", planned: "blue", over: "slate" } as const;

/** The organization's maintenance windows, newest first, with "End now" / "Cancel" for those not over. */
export function WindowsTable({
  rows,
  error,
  labels,
  canWrite,
  onEnd,
}: {
  rows: WindowRow[] | undefined;
  error: string | null;
  labels: Map<string, string>;
  canWrite: boolean;
  onEnd: (id: string) => void;
}) {
  const now = Date.now();
  const scope = (w: WindowRow) =>
    w.scopeType === "organization" ? "Whole organization" : `${w.scopeType} ${w.scopeId ? (labels.get(w.scopeId) ?? w.scopeId) : ""}`;
  return (
    <DataTable
      rows={rows}
      rowKey={(w) => w.id}
      error={error}
      csvTitle="Maintenance windows"
      empty={{
        icon: <Icon name="bell" className="size-10" />,
        title: "No maintenance windows",
        hint: canWrite
          ? "Plan one above before you restart a server or move an IP, so the work does not page anyone."
          : "An admin or ops member can plan one before planned work.",
      }}
      columns={[
        {
          id: "reason",
          header: "Reason",
          cell: (w) => w.name,
          sortValue: (w) => w.name,
          csv: (w) => w.name,
          className: "font-medium text-slate-900",
        },
        { id: "scope", header: "Scope", cell: scope, sortValue: scope, csv: scope },
        { id: "starts", header: "Starts", cell: (w) => w.startsAt.toLocaleString(), sortValue: (w) => w.startsAt, csv: (w) => w.startsAt },
        { id: "ends", header: "Ends", cell: (w) => w.endsAt.toLocaleString(), sortValue: (w) => w.endsAt, csv: (w) => w.endsAt },
        {
          id: "state",
          header: "State",
          csv: (w) => windowState(w, now),
          cell: (w) => {
            const state = windowState(w, now);
            return <Badge tone={STATE_TONE[state]}>{state}</Badge>;
          },
        },
        {
          id: "actions",
          header: "",
          align: "right",
          cell: (w) => {
            const state = windowState(w, now);
            return canWrite && state !== "over" ? (
              <button type="button" className="text-sm font-medium text-brand-600 hover:text-brand-700" onClick={() => onEnd(w.id)}>
                {state === "active" ? "End now" : "Cancel"}
              </button>
            ) : null;
          },
        },
      ]}
    />
  );
}
