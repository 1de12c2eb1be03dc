import type { ReactNode } from "react";

import { Card, CardBody, CardHeader, EmptyState } from "@inboxwatch/ui";

import { DriftTimeline, type DriftRow } from "./drift";
import { GradeBadge, GradeStrip, StatusBadge } from "./grade";

/** The frame both health reports share (a domain's and an IP's): not-checked state, summary card, drift card. */

interface CheckedAt {
  checkedAt: Date;
  queryCount: number;
  durationMs: number;
}

/** The card shown before the first check: what will happen, and that "Check now" is there when the viewer may press it. */
export function NotCheckedCard({ title, action, children }: { title: string; action: ReactNode; children: ReactNode }) {
  return (
    <Card className="mb-6">
      <CardHeader title={title} actions={action} />
      <CardBody>
        <EmptyState title="Not checked yet">
          {children}
          {action ? "; or press Check now" : ""}.
        </EmptyState>
      </CardBody>
    </Card>
  );
}

/** The latest check's figures (the caller's stats) with when and how it ran, and the grade history under them. */
export function SummaryCard({
  title,
  latest,
  history,
  action,
  gridClassName,
  children,
}: {
  title: string;
  latest: CheckedAt;
  history: { id: string; checkedAt: Date; grade: string | null }[];
  action: ReactNode;
  gridClassName: string;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader
        title={title}
        description={`Checked ${latest.checkedAt.toLocaleString()} · ${latest.queryCount} DNS lookups in ${latest.durationMs} ms`}
        actions={action}
      />
      <CardBody>
        <div className={`grid grid-cols-2 gap-4 ${gridClassName}`}>{children}</div>
        {history.length > 1 ? (
          <div className="mt-5">
            <div className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Grade history</div>
            <GradeStrip points={history} />
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}

/** A check's card title: its name, its grade (or "could not check" with the reason) and, when given, its status. */
export function GradedTitle({
  label,
  grade,
  reason,
  status,
}: {
  label: ReactNode;
  grade: string | null;
  reason?: string | null;
  status?: string;
}) {
  return (
    <span className="flex items-center gap-2">
      {label} <GradeBadge grade={grade} unknown reason={reason} />
      {status ? (
        <>
          {" "}
          <StatusBadge status={status} />
        </>
      ) : null}
    </span>
  );
}

export function ChangesCard({ description, drift }: { description: string; drift: DriftRow[] }) {
  return (
    <Card>
      <CardHeader title="Changes" description={description} />
      <DriftTimeline events={drift} />
    </Card>
  );
}
