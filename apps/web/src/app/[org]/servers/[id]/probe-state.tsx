"use client";

import { Badge, type Tone } from "@inboxwatch/ui";

export const STATE_TONE: Record<string, Tone> = { UP: "green", DEGRADED: "amber", DOWN: "red", UNKNOWN: "slate" };
/** Cell colours of the port-health matrix, by monitor state. */
export const STATE_CELL: Record<string, string> = {
  UP: "bg-emerald-100 text-emerald-800",
  DEGRADED: "bg-amber-100 text-amber-900",
  DOWN: "bg-red-100 text-red-800",
  UNKNOWN: "bg-slate-100 text-slate-500",
};

export function StateBadge({ state }: { state: string }) {
  return <Badge tone={STATE_TONE[state] ?? "slate"}>{state === "UNKNOWN" ? "not probed yet" : state}</Badge>;
}

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <Badge tone={outcome === "ok" ? "green" : outcome === "auth_failed" || outcome === "rejected" ? "amber" : "red"}>
      {outcome.replace(/_/g, " ")}
    </Badge>
  );
}

export const percent = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${v.toFixed(v === 100 ? 0 : 2)}%`);
