"use client";

import { useState } from "react";

import { Card } from "@inboxwatch/ui";

import { formatKpi, formatNumber, type KpiFigure, volumeHint } from "./format";
import { machineOpenSummary } from "./machine-opens";

/**
 * The open rate with its machine opens said out loud: how many opened messages only Apple's privacy proxy
 * (or another machine) opened, and a switch to the human open rate, which leaves them out.
 */
export function OpenRateCard({ kpis }: { kpis: readonly KpiFigure[] }) {
  const [excludeMachine, setExcludeMachine] = useState(false);
  return <OpenRateFigure kpis={kpis} excludeMachine={excludeMachine} onExcludeMachine={setExcludeMachine} />;
}

/** The card's content for one state of the switch (stateless, so both states can be rendered and tested). */
export function OpenRateFigure({
  kpis,
  excludeMachine,
  onExcludeMachine,
}: {
  kpis: readonly KpiFigure[];
  excludeMachine: boolean;
  onExcludeMachine: (exclude: boolean) => void;
}) {
  const all = kpis.find((k) => k.id === "open_rate");
  const human = kpis.find((k) => k.id === "human_open_rate");
  if (!all || !human) return null;
  const shown = excludeMachine ? human : all;
  const summary = machineOpenSummary(all, human);
  const hint = volumeHint(shown.current);
  return (
    <Card className="p-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 className="text-sm font-medium text-slate-600">{shown.label}</h3>
        <label className="flex items-center gap-1.5 text-xs text-slate-600">
          <input type="checkbox" checked={excludeMachine} onChange={(e) => onExcludeMachine(e.target.checked)} />
          Exclude machine opens
        </label>
      </div>
      <p
        className={ok(shown) ? "mt-1 text-2xl font-semibold text-slate-900" : "mt-1 text-base font-semibold text-slate-500"}
        data-kpi={shown.id}
      >
        {formatKpi(shown.current, shown.unit, shown.volumeNoun)}
      </p>
      <p className="mt-1 text-xs text-slate-500" data-testid="machine-opens">
        {summary
          ? `${summary.machineOnly.toLocaleString("en-US")} of ${summary.opened.toLocaleString("en-US")} opened messages (${formatNumber(summary.share, "fraction")}) were opened only by machines, such as Apple Mail Privacy Protection.`
          : "Machine opens are counted once an ESP webhook reports enough opens."}
        {hint ? ` Rate ${hint} delivered messages.` : null}
      </p>
      <details className="mt-2 text-xs text-slate-600">
        <summary className="cursor-pointer text-slate-500 hover:text-slate-700">How is this computed?</summary>
        <p className="mt-1">{shown.formula}.</p>
        <p className="mt-1 text-slate-500">{shown.caveat}</p>
      </details>
    </Card>
  );
}

const ok = (k: KpiFigure) => k.current.state === "ok";
