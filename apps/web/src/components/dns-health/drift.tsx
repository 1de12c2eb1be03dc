import { EmptyState } from "@inboxwatch/ui";

import { SeverityBadge } from "./grade";

export interface DriftRow {
  id: string;
  at: Date;
  type: string;
  check: string;
  severity: string;
  message: string;
  domain?: { domain: string } | null;
  ip?: { address: string } | null;
}

/** Drift events newest first: what changed between two checks, and when. */
export function DriftTimeline({ events, showSubject = false }: { events: DriftRow[]; showSubject?: boolean }) {
  if (events.length === 0)
    return (
      <EmptyState title="No changes recorded">
        Changes between two checks (records added or removed, policies weakened, new listings) appear here.
      </EmptyState>
    );
  return (
    <ol className="divide-y divide-slate-100">
      {events.map((e) => (
        <li key={e.id} className="flex items-start gap-3 px-5 py-3 text-sm">
          <time className="w-40 shrink-0 text-xs text-slate-500" dateTime={e.at.toISOString()}>
            {e.at.toLocaleString()}
          </time>
          <SeverityBadge severity={e.severity} />
          <span className="min-w-0 flex-1 text-slate-800">
            {showSubject && (e.domain || e.ip) ? (
              <span className="mr-2 font-mono text-slate-500">{e.domain?.domain ?? e.ip?.address}</span>
            ) : null}
            {e.message} <span className="text-xs text-slate-500">({e.type})</span>
          </span>
        </li>
      ))}
    </ol>
  );
}
