import { Card, cn } from "@inboxwatch/ui";

import { type RouterOutputs } from "~/trpc/react";

export type Figure = RouterOutputs["analytics"]["roi"]["summary"]["result"]["total"];

/** A money or message figure in its unit; "no data" when an input is missing (never 0). */
export function formatFigure(value: number | null, unit: string): string {
  if (value === null) return "No data";
  if (unit === "messages" || unit === "hours" || unit === "fraction") {
    if (unit === "fraction") return `${(value * 100).toFixed(1)} %`;
    return `${Math.round(value).toLocaleString("en-US")} ${unit}`;
  }
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: unit,
      maximumFractionDigits: Math.abs(value) < 10 ? 2 : 0,
    }).format(value);
  } catch {
    return `${value.toFixed(2)} ${unit}`;
  }
}

/** The inputs and formula behind a figure, so nothing on the ROI page is a black box. */
export function FigureExplanation({ figure }: { figure: Figure }) {
  return (
    <details className="mt-2 text-xs text-slate-600">
      <summary className="cursor-pointer text-slate-500 hover:text-slate-700">How is this computed?</summary>
      <p className="mt-1 font-mono text-[11px] text-slate-700">{figure.formula}</p>
      <dl className="mt-1 grid grid-cols-[1fr_auto] gap-x-3 gap-y-0.5">
        {figure.inputs.map((input) => (
          <div key={input.label} className="contents">
            <dt>{input.label}</dt>
            <dd className="text-right tabular-nums">{Number.isFinite(input.value) ? formatFigure(input.value, input.unit) : "not set"}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export function FigureCard({ figure, emphasis = false }: { figure: Figure; emphasis?: boolean }) {
  const negative = figure.value !== null && figure.value < 0;
  return (
    <Card className={cn("p-4", emphasis && "ring-2 ring-brand-200")}>
      <h3 className="text-sm font-medium text-slate-600">{figure.label}</h3>
      <p
        className={cn(
          "mt-1 text-2xl font-semibold tabular-nums",
          figure.value === null ? "text-base text-slate-500" : negative ? "text-red-700" : "text-slate-900",
        )}
      >
        {formatFigure(figure.value, figure.unit)}
      </p>
      <FigureExplanation figure={figure} />
    </Card>
  );
}
