"use client";

import { cn } from "./cn.ts";

/**
 * A labelled choice of one option as a row of buttons (a radio group): the analytics views' switches
 * (label as a small caps filter heading) and form fields such as a report's cadence (label as a field label).
 */
export function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
  labelStyle = "filter",
}: {
  label: string;
  options: readonly { id: T; label: string }[];
  value: T;
  onChange: (id: T) => void;
  labelStyle?: "filter" | "field";
}) {
  return (
    <div className={cn("flex flex-col", labelStyle === "field" ? "gap-1.5" : "gap-1")}>
      <span
        className={
          labelStyle === "field" ? "text-sm font-medium text-slate-700" : "text-xs font-medium uppercase tracking-wide text-slate-500"
        }
      >
        {label}
      </span>
      <div role="radiogroup" aria-label={label} className="inline-flex w-fit rounded-lg bg-slate-100 p-0.5">
        {options.map((o) => (
          <button
            key={o.id}
            type="button"
            role="radio"
            aria-checked={o.id === value}
            onClick={() => onChange(o.id)}
            className={cn(
              "whitespace-nowrap rounded-md py-1.5 text-sm font-medium",
              labelStyle === "field" ? "px-4" : "px-3",
              o.id === value ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
            )}
          >
            {o.label}
          </button>
        ))}
      </div>
    </div>
  );
}
