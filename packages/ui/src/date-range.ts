/** The pure half of DateRangePicker: presets and the custom range's check, dates as yyyy-mm-dd in UTC. */

export const DATE_RANGE_PRESETS = [
  { id: "24h", label: "24 h", hours: 24 },
  { id: "7d", label: "7 d", hours: 7 * 24 },
  { id: "30d", label: "30 d", hours: 30 * 24 },
  { id: "90d", label: "90 d", hours: 90 * 24 },
] as const;
export type DateRangePreset = (typeof DATE_RANGE_PRESETS)[number]["id"];

export interface DateRange {
  from: Date;
  to: Date;
}

export function presetRange(preset: DateRangePreset, now: Date = new Date()): DateRange {
  const hours = DATE_RANGE_PRESETS.find((p) => p.id === preset)?.hours ?? 24;
  return { from: new Date(now.getTime() - hours * 3_600_000), to: now };
}

/** "2026-12-07" for a date input. */
export function toDateInput(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A custom range from two date inputs: from the start of `from` to the end of `to` (both days count),
 * or the reason it is refused.
 */
export function customRange(from: string, to: string): { range: DateRange } | { error: string } {
  const start = new Date(`${from}T00:00:00.000Z`);
  const end = new Date(`${to}T23:59:59.999Z`);
  if (!from || !to || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return { error: "Enter both dates." };
  if (start > end) return { error: "“From” must be on or before “to”." };
  return { range: { from: start, to: end } };
}
