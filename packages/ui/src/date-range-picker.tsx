"use client";

import { useId, useState } from "react";

import { Button } from "./button.tsx";
import { cn } from "./cn.ts";
import { customRange, DATE_RANGE_PRESETS, presetRange, toDateInput, type DateRange, type DateRangePreset } from "./date-range.ts";
import { Input } from "./form.tsx";

/**
 * Preset windows (24 h, 7 d, 30 d, 90 d) as a button group, or two date inputs (both days included);
 * emits `{ from, to }` once the range is valid and says why it is not.
 */
export function DateRangePicker({
  value,
  onChange,
  label = "Time range",
}: {
  /** The selected preset, or "custom". */
  value: DateRangePreset | "custom";
  onChange: (range: DateRange, preset: DateRangePreset | "custom") => void;
  label?: string;
}) {
  const id = useId();
  const [custom, setCustom] = useState(() => {
    const week = presetRange("7d");
    return { from: toDateInput(week.from), to: toDateInput(week.to), open: value === "custom" };
  });
  const checked = customRange(custom.from, custom.to);
  const error = "error" in checked ? checked.error : null;
  return (
    <div role="group" aria-label={label} className="flex flex-wrap items-end gap-3">
      <div className="inline-flex rounded-md shadow-sm">
        {DATE_RANGE_PRESETS.map((p, i) => (
          <button
            key={p.id}
            type="button"
            aria-pressed={value === p.id}
            onClick={() => {
              setCustom((c) => ({ ...c, open: false }));
              onChange(presetRange(p.id), p.id);
            }}
            className={cn(
              "px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 focus-visible:outline-2 focus-visible:outline-brand-600",
              i === 0 ? "rounded-l-md" : "-ml-px",
              value === p.id ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 hover:bg-slate-50",
            )}
          >
            {p.label}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={value === "custom"}
          aria-expanded={custom.open}
          onClick={() => setCustom((c) => ({ ...c, open: !c.open }))}
          className={cn(
            "-ml-px rounded-r-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 focus-visible:outline-2 focus-visible:outline-brand-600",
            value === "custom" ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 hover:bg-slate-50",
          )}
        >
          Custom
        </button>
      </div>
      {custom.open ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if ("range" in checked) onChange(checked.range, "custom");
          }}
        >
          <label className="text-xs font-medium text-slate-600" htmlFor={`${id}-from`}>
            From
            <Input
              id={`${id}-from`}
              type="date"
              value={custom.from}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))}
            />
          </label>
          <label className="text-xs font-medium text-slate-600" htmlFor={`${id}-to`}>
            To
            <Input
              id={`${id}-to`}
              type="date"
              value={custom.to}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))}
            />
          </label>
          <Button type="submit" size="sm" variant="secondary" disabled={error !== null}>
            Apply
          </Button>
          {error ? (
            <p id={`${id}-error`} className="w-full text-xs text-red-600" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
