"use client";

import { useState } from "react";

import { cellLook, formatCount, heatColor, LEGEND_GRADIENT, formatRate, rateDomain, type ReadyCohorts, type CohortCell } from "./heat-map";

/** Grey with diagonal hatching: a cell under the minimum volume, whatever its rate. */
const HATCH = "repeating-linear-gradient(135deg, #f1f5f9 0 6px, #e2e8f0 6px 8px)";

const CELL = "min-w-[5.25rem] whitespace-nowrap border border-white px-2 py-1.5 text-center tabular-nums";

function Cell({
  cell,
  domain,
  noun,
  neutral = false,
}: {
  cell: CohortCell | undefined;
  domain: { min: number; max: number } | null;
  noun: string;
  /** A row total: printed, not coloured (a cohort's whole history is not on the weekly cells' scale). */
  neutral?: boolean;
}) {
  const look = cellLook(cell, domain, noun);
  if (look.kind === "rate" && neutral) {
    return (
      <td title={look.title} className={`${CELL} border-r-2 border-r-slate-200 bg-white text-slate-900`}>
        <div className="text-sm font-semibold leading-tight">{look.text}</div>
        <div className="text-[11px] leading-tight text-slate-500">{look.n}</div>
      </td>
    );
  }
  if (look.kind === "rate") {
    const c = heatColor(look.t);
    return (
      <td
        title={look.title}
        className="border border-white px-2 py-1.5 text-center tabular-nums"
        style={{ background: c.background, color: c.text }}
      >
        <div className="text-sm font-semibold leading-tight">{look.text}</div>
        <div className="text-[11px] leading-tight">{look.n}</div>
      </td>
    );
  }
  if (look.kind === "not-enough") {
    return (
      <td
        title={look.title}
        className="border border-white px-2 py-1.5 text-center text-slate-500 tabular-nums"
        style={{ background: HATCH }}
      >
        <div className="text-[11px] font-medium leading-tight">not enough</div>
        <div className="text-[11px] leading-tight">{look.n}</div>
      </td>
    );
  }
  return (
    <td title={look.title} className={`${CELL} bg-slate-50 text-xs text-slate-400`}>
      {look.n ? (
        <>
          <div className="leading-tight">no data</div>
          <div className="text-[11px] leading-tight">{look.n}</div>
        </>
      ) : (
        "—"
      )}
    </td>
  );
}

/** The cohort table as a heat map: rows are cohorts with their total n, the colour is the rate, every cell prints its n. */
export function HeatMapTable({ data }: { data: ReadyCohorts }) {
  const domain = rateDomain(data);
  const noun = data.metric.volumeNoun;
  // Cohorts under the minimum volume are many and say little: folded away until asked for.
  const [showSmall, setShowSmall] = useState(false);
  const small = data.rows.filter((r) => r.total.rate.state === "not-enough").length;
  const rows = showSmall || small === data.rows.length ? data.rows : data.rows.filter((r) => r.total.rate.state !== "not-enough");
  return (
    <div className="space-y-3">
      {/* Focusable so a keyboard user can scroll the wide table (axe: scrollable-region-focusable). */}
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Cohort table">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">
            {data.metric.label} by cohort and {data.columns === "calendar-week" ? "calendar week" : "week since signup"}; each cell gives
            the rate and its number of recipients
          </caption>
          <thead>
            <tr>
              <th
                scope="col"
                className="sticky left-0 z-10 bg-white px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500"
              >
                Cohort
              </th>
              <th
                scope="col"
                className="border-r-2 border-r-slate-200 px-2 py-2 text-center text-xs font-medium uppercase tracking-wide text-slate-500"
              >
                Total
              </th>
              {data.columnKeys.map((c) => (
                <th key={c.key} scope="col" className="whitespace-nowrap px-2 py-2 text-center text-xs font-medium text-slate-500">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row" className="sticky left-0 z-10 max-w-[16rem] bg-white px-3 py-1.5 text-left font-normal">
                  <div className="truncate font-medium text-slate-900" title={r.label}>
                    {r.source ?? r.label}
                  </div>
                  <div className="truncate text-xs text-slate-500">
                    {r.source !== null ? `${r.label.slice(r.source.length + 3)} · ` : ""}
                    {formatCount(r.total.recipients)} recipients
                  </div>
                </th>
                <Cell cell={r.total} domain={domain} noun={noun} neutral />
                {data.columnKeys.map((c) => (
                  <Cell key={c.key} cell={r.cells[c.key]} domain={domain} noun={noun} />
                ))}
              </tr>
            ))}
            <tr className="border-t-2 border-slate-300">
              <th scope="row" className="sticky left-0 z-10 whitespace-nowrap bg-white px-3 py-1.5 text-left font-normal">
                <div className="font-semibold text-slate-900">All cohorts</div>
                <div className="text-xs text-slate-500">{formatCount(data.all.total.recipients)} recipients</div>
              </th>
              <Cell cell={data.all.total} domain={domain} noun={noun} neutral />
              {data.columnKeys.map((c) => (
                <Cell key={c.key} cell={data.all.cells[c.key]} domain={domain} noun={noun} />
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      {small > 0 && small < data.rows.length ? (
        <button type="button" className="text-sm font-medium text-brand-700 hover:text-brand-900" onClick={() => setShowSmall(!showSmall)}>
          {showSmall ? "Hide" : "Show"} {formatCount(small)} {small === 1 ? "cohort" : "cohorts"} under the minimum volume
        </button>
      ) : null}
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2 text-xs text-slate-600" aria-label="Legend">
        {domain ? (
          <span className="flex items-center gap-2">
            <span className="tabular-nums">{formatRate(domain.min)}</span>
            <span className="inline-block h-3 w-40 rounded-sm ring-1 ring-slate-200" style={{ background: LEGEND_GRADIENT }} />
            <span className="tabular-nums">{formatRate(domain.max)}</span>
            <span>{data.metric.label.toLowerCase()}</span>
          </span>
        ) : null}
        <span className="flex items-center gap-2">
          <span className="inline-block h-3 w-5 rounded-sm ring-1 ring-slate-200" style={{ background: HATCH }} />
          not enough mail (under {formatCount(data.metric.minVolume)} {noun}) — n still shown
        </span>
        <span className="flex items-center gap-2">
          <span className="inline-block h-3 w-5 rounded-sm bg-slate-50 ring-1 ring-slate-200" />— no mail in the cell
        </span>
        <span>n = distinct recipients; Total = the cohort&apos;s whole history, not coloured</span>
      </div>
    </div>
  );
}
