"use client";

import { DateRangePicker } from "@inboxwatch/ui";

import { type AnalyticsView, type ViewPatch } from "./use-analytics-query";

const FILTER_LABELS = { provider: "Provider", senderDomain: "Domain", serverId: "Server", campaign: "Campaign" } as const;

/** Range with compare-to-previous, and the active segment filters as removable chips. */
export function ViewControls({
  view,
  update,
  serverName,
}: {
  view: AnalyticsView;
  update: (patch: ViewPatch) => void;
  serverName: (id: string) => string;
}) {
  const filters = (Object.keys(FILTER_LABELS) as (keyof typeof FILTER_LABELS)[]).filter((k) => view[k]);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <DateRangePicker
          value={view.preset}
          onChange={(range, preset) =>
            update(
              preset === "custom"
                ? { preset, from: range.from.toISOString(), to: range.to.toISOString() }
                : { preset, from: undefined, to: undefined },
            )
          }
        />
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={view.compare}
            onChange={(e) => update({ compare: e.target.checked })}
            className="h-4 w-4 rounded border-slate-300"
          />
          Compare with the previous period
        </label>
      </div>
      {filters.length > 0 ? (
        <div className="flex flex-wrap items-center gap-2" aria-label="Filters">
          {filters.map((key) => (
            <span key={key} className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-3 py-1 text-sm text-brand-800">
              {FILTER_LABELS[key]}: {key === "serverId" ? serverName(view[key] ?? "") : view[key] || "unknown"}
              <button
                type="button"
                aria-label={`Remove the ${FILTER_LABELS[key].toLowerCase()} filter`}
                className="ml-1 text-brand-700 hover:text-brand-900"
                onClick={() => update({ [key]: undefined })}
              >
                ×
              </button>
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}
