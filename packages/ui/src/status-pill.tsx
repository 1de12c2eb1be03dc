import type { ReactNode } from "react";

import { cn } from "./cn.ts";

/** A monitor's state, as the probes store it. */
export type MonitorState = "UP" | "DEGRADED" | "DOWN" | "UNKNOWN";

const STATE_STYLE: Record<MonitorState, { pill: string; dot: string }> = {
  UP: { pill: "bg-emerald-50 text-emerald-800 ring-emerald-200", dot: "bg-emerald-500" },
  DEGRADED: { pill: "bg-amber-50 text-amber-900 ring-amber-200", dot: "bg-amber-500" },
  DOWN: { pill: "bg-red-50 text-red-800 ring-red-200", dot: "bg-red-600" },
  UNKNOWN: { pill: "bg-slate-100 text-slate-600 ring-slate-200", dot: "bg-slate-400" },
};

/** "3 min", "5 h", "2 d": how long a state has held, short enough for a table cell. */
export function shortDuration(from: Date, now: Date = new Date()): string {
  const s = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

/**
 * One monitored thing's state as a pill: a coloured dot (never colour alone: the state is written),
 * an optional prefix (the port), and how long the state has held. The full sentence ("mx1 port 25: UP
 * since …") is its title and the only part a screen reader reads.
 */
export function StatusPill({
  state,
  since,
  prefix,
  subject,
  now,
}: {
  state: MonitorState;
  since?: Date | null;
  prefix?: ReactNode;
  subject?: string;
  now?: Date;
}) {
  const style = STATE_STYLE[state];
  const sinceText = since ? ` since ${since.toLocaleString()}` : state === "UNKNOWN" ? " (not probed yet)" : "";
  const sentence = `${subject ? `${subject}: ` : ""}${state}${sinceText}`;
  return (
    <span
      title={sentence}
      data-state={state}
      className={cn(
        "inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        style.pill,
      )}
    >
      <span className="sr-only">{sentence}</span>
      <span aria-hidden className={cn("size-1.5 rounded-full", style.dot)} />
      {prefix !== undefined ? (
        <span aria-hidden className="font-mono">
          {prefix}
        </span>
      ) : null}
      <span aria-hidden>{state}</span>
      {since ? (
        <span aria-hidden className="font-normal">
          {shortDuration(since, now)}
        </span>
      ) : null}
    </span>
  );
}
