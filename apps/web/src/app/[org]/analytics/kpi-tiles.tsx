import { Card, cn } from "@inboxwatch/ui";

import { formatDelta, formatKpi, type KpiFigure, volumeHint } from "./format";

/** The headline KPIs of the executive overview, in the order a marketing lead reads them. */
export const HEADLINE_KPIS = [
  "accepted_rate",
  "inbox_rate_proxy",
  "hard_bounce_rate",
  "deferral_rate",
  "complaint_rate",
  "dmarc_pass_rate",
];

const TONE = { good: "text-green-700", bad: "text-red-700", flat: "text-slate-500" } as const;

function KpiTile({ kpi, compared }: { kpi: KpiFigure; compared: boolean }) {
  const delta = formatDelta(kpi.delta, kpi.unit, kpi.better);
  const hint = volumeHint(kpi.current);
  const basis = "basis" in kpi.current && kpi.current.basis ? `${kpi.current.basis} basis` : null;
  return (
    <Card className="p-4">
      <div className="flex items-start justify-between gap-2">
        <h3 className="text-sm font-medium text-slate-600">{kpi.label}</h3>
        {basis ? <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{basis}</span> : null}
      </div>
      <p
        className={cn("mt-1 text-2xl font-semibold", kpi.current.state === "ok" ? "text-slate-900" : "text-base text-slate-500")}
        data-kpi={kpi.id}
      >
        {formatKpi(kpi.current, kpi.unit, kpi.volumeNoun)}
      </p>
      <p className="mt-1 flex flex-wrap gap-x-2 text-xs text-slate-500">
        {hint ? <span>{hint}</span> : null}
        {compared && delta ? <span className={TONE[delta.tone]}>{delta.text} vs previous period</span> : null}
      </p>
      <details className="mt-2 text-xs text-slate-600">
        <summary className="cursor-pointer text-slate-500 hover:text-slate-700">How is this computed?</summary>
        <p className="mt-1">{kpi.formula}.</p>
        <p className="mt-1 text-slate-500">{kpi.caveat}</p>
      </details>
    </Card>
  );
}

export function KpiTiles({ kpis, compared }: { kpis: readonly KpiFigure[]; compared: boolean }) {
  const headline = HEADLINE_KPIS.map((id) => kpis.find((k) => k.id === id)).filter((k): k is KpiFigure => k !== undefined);
  return (
    <section aria-label="Headline KPIs" className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3">
      {headline.map((kpi) => (
        <KpiTile key={kpi.id} kpi={kpi} compared={compared} />
      ))}
    </section>
  );
}
