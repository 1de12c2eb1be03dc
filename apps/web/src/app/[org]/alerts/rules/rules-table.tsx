"use client";

import type { ReactNode } from "react";

import { type StoredRuleDraft } from "@inboxwatch/alerting/rules";
import { Badge, DataTable, type DataColumn } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import type { RouterOutputs } from "~/trpc/react";
import { MutedBadge, SeverityBadge } from "../parts";
import { describeRule } from "./rule-describe";
import { useScopeLabel } from "./scope-picker";

export type RuleRow = RouterOutputs["alerts"]["rules"]["list"][number];

const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };

export interface RuleActions {
  canWrite: boolean;
  edit: (r: RuleRow) => void;
  toggle: (r: RuleRow) => void;
  remove: (r: RuleRow) => void;
}

/** The organization's alert rules: what each watches, how loud it is, where it goes. */
export function RulesTable({
  rows,
  error,
  onRetry,
  add,
  actions,
}: {
  rows: RuleRow[] | undefined;
  error: string | null;
  onRetry: () => void;
  add: ReactNode;
  actions: RuleActions;
}) {
  const scopeLabel = useScopeLabel();
  const columns: DataColumn<RuleRow>[] = [
    {
      id: "name",
      header: "Rule",
      sortValue: (r) => r.name,
      csv: (r) => r.name,
      className: "min-w-56 whitespace-normal font-medium text-slate-900",
      cell: (r) => (
        <>
          {r.name} {r.presetKey ? <Badge>preset</Badge> : null} {r.enabled ? null : <Badge>disabled</Badge>}
          <MutedBadge mutedBy={r.mutedBy} />
        </>
      ),
    },
    {
      id: "condition",
      header: "Condition",
      className: "whitespace-normal text-sm",
      cell: (r) => describeRule(r.definition),
      csv: (r) => describeRule(r.definition),
    },
    {
      id: "severity",
      header: "Severity",
      sortValue: (r) => SEVERITY_ORDER[r.severity] ?? 9,
      csv: (r) => r.severity,
      cell: (r) => <SeverityBadge severity={r.severity} />,
    },
    {
      id: "scope",
      header: "Scope",
      className: "whitespace-normal text-xs",
      cell: (r) => scopeLabel(r.scopeType, r.scopeId),
      csv: (r) => scopeLabel(r.scopeType, r.scopeId),
    },
    { id: "channels", header: "Channels", cell: (r) => (r.definition as StoredRuleDraft).channelIds.length },
    {
      id: "actions",
      header: "",
      align: "right",
      cell: (r) =>
        actions.canWrite ? (
          <span className="flex justify-end gap-3 text-sm font-medium">
            <button type="button" className="text-brand-600 hover:text-brand-700" onClick={() => actions.edit(r)}>
              Edit
            </button>
            <button type="button" className="text-slate-600 hover:text-slate-900" onClick={() => actions.toggle(r)}>
              {r.enabled ? "Disable" : "Enable"}
            </button>
            <button type="button" className="text-red-600 hover:text-red-700" onClick={() => actions.remove(r)}>
              Delete
            </button>
          </span>
        ) : null,
    },
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      rowKey={(r) => r.id}
      rowClassName={(r) => (r.enabled ? undefined : "opacity-60")}
      error={error}
      onRetry={onRetry}
      csvTitle="Alert rules"
      empty={{
        icon: <Icon name="bell" className="size-10" />,
        title: "No alert rules",
        action: add,
        hint: "Create a rule for what you must hear about: a port down, a blocklisting, a bounce rate above 5%.",
      }}
    />
  );
}
