"use client";

import { Badge, type Tone, Table, Td } from "@inboxwatch/ui";

export const SEVERITY_TONE: Record<string, Tone> = { critical: "red", warning: "amber", info: "blue" };
export const STATUS_TONE: Record<string, Tone> = { open: "red", acknowledged: "amber", resolved: "green" };

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={SEVERITY_TONE[severity] ?? "slate"}>{severity}</Badge>;
}

/** "muted by maintenance" while an active window covers the scope (the evaluator opens and notifies nothing). */
export function MutedBadge({ mutedBy }: { mutedBy: { name: string; endsAt: Date } | null }) {
  if (!mutedBy) return null;
  return (
    <span className="ml-2 text-xs text-slate-500" title={`${mutedBy.name} · until ${mutedBy.endsAt.toLocaleString()}`}>
      <Badge tone="slate">muted by maintenance</Badge>
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? "slate"}>{status}</Badge>;
}

export interface DeliveryRow {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  channel?: { name: string; kind: string };
  deliveryAttempts: {
    attempt: number;
    at: Date;
    outcome: string;
    statusCode: number | null;
    durationMs: number;
    reason: string | null;
    detail: string;
  }[];
}

const DELIVERY_TONE: Record<string, Tone> = { delivered: "green", pending: "amber", failed: "red", retryable: "amber", permanent: "red" };

/** One row per attempt, grouped by notification: what was sent where, and what the receiver answered. */
export function DeliveryLog({ rows }: { rows: DeliveryRow[] }) {
  if (rows.length === 0) return <p className="px-4 py-3 text-sm text-slate-500">Nothing sent yet.</p>;
  return (
    <Table head={["Notification", "Channel", "Attempt", "Outcome", "Status", "Duration", "Detail"]}>
      {rows.flatMap((n) =>
        (n.deliveryAttempts.length ? n.deliveryAttempts : [null]).map((a, i) => (
          <tr key={`${n.id}-${a?.attempt ?? 0}`}>
            <Td className="font-mono text-xs">{i === 0 ? `${n.event} · ${n.id.slice(0, 14)}…` : ""}</Td>
            <Td>{i === 0 && n.channel ? `${n.channel.name} (${n.channel.kind})` : ""}</Td>
            <Td>{a ? `#${a.attempt} · ${a.at.toLocaleString()}` : "queued"}</Td>
            <Td>
              <Badge tone={DELIVERY_TONE[a?.outcome ?? n.status] ?? "slate"}>{a?.outcome ?? n.status}</Badge>
            </Td>
            <Td>{a?.statusCode ?? "—"}</Td>
            <Td>{a ? `${a.durationMs} ms` : "—"}</Td>
            <Td className="max-w-md truncate text-xs text-slate-500">
              {a ? `${a.reason ? `${a.reason}: ` : ""}${a.detail}` : ""}
              {i === n.deliveryAttempts.length - 1 && n.status === "pending" && n.nextAttemptAt
                ? ` · next try ${n.nextAttemptAt.toLocaleTimeString()}`
                : ""}
            </Td>
          </tr>
        )),
      )}
    </Table>
  );
}
