/**
 * The raw condition of each rule kind at one instant, before debouncing: met, not met, or not decidable
 * (no data, too little volume, too little history).
 */
import { EVENT_CATALOG, METRIC_CATALOG, type TAlertEvent, formatMetricValue } from "./catalog.ts";
import type { TBaselineCondition, TComparator, TEventCondition, TThresholdCondition } from "./rule-schema.ts";
import { type MetricPoint, type WindowAggregate, aggregateWindow, medianOfWindow } from "./series-window.ts";

/** Evidence keeps at most this many points/events, so an incident row stays small. */
export const EVIDENCE_MAX_POINTS = 100;
/** The trailing baseline spans 7 days (weekly seasonality: Monday's volume is not Sunday's). */
export const BASELINE_DAYS = 7;
/** A baseline from fewer than 24 buckets (one day of hourly rollups) is not a baseline. */
export const BASELINE_MIN_SAMPLES = 24;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** An observed event for the rule's scope. Events arrive sorted by `at`, like series. */
export interface AlertEventObservation {
  at: number;
  type: TAlertEvent;
  /** State events: true while the condition holds (port seen DOWN), false once seen cleared. Occurrences: true. */
  active: boolean;
  /** cert_expiring: the certificate's notAfter (epoch ms). */
  notAfter?: number;
  /** What was seen: the reply text, the blocklist answer, the probe transcript line. */
  detail?: string;
  /**
   * The object observed, as an incident scope key (`port:<serverId>:25`, `ip:<id>|zen.spamhaus.org`). State
   * rules judge each subject on its own (subjects.ts): one port coming back says nothing about another.
   */
  subject?: string;
  /**
   * State events: how many consecutive confirmations this one observation stands for (a monitor seen DOWN
   * by 3 failed probes in a row is one current-state observation worth 3). Default 1.
   */
  confirmations?: number;
}

export type AlertInput = { kind: "series"; points: readonly MetricPoint[] } | { kind: "events"; events: readonly AlertEventObservation[] };

export type ConditionStatus = "met" | "not_met" | "insufficient_volume" | "no_data";

export interface Evidence {
  summary: string;
  value: number | null;
  /** The value compared against (threshold, factor × median), null for events. */
  threshold: number | null;
  volume: number;
  window: { from: number; to: number };
  points: MetricPoint[];
  events: AlertEventObservation[];
  baseline?: { median: number | null; samples: number };
}

export interface ConditionOutcome {
  status: ConditionStatus;
  value: number | null;
  evidence: Evidence;
}

export function compare(value: number, comparator: TComparator, threshold: number): boolean {
  switch (comparator) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
  }
}

function volumeStatus(met: boolean, volume: number, minVolume: number): ConditionStatus {
  if (volume < minVolume) return "insufficient_volume";
  return met ? "met" : "not_met";
}

/** Series evidence in one object literal (one shape for every series rule). */
function seriesEvidence(
  summary: string,
  w: WindowAggregate,
  threshold: number | null,
  points: readonly MetricPoint[],
  from: number,
  now: number,
  baseline?: Evidence["baseline"],
): Evidence {
  return {
    summary,
    value: w.value,
    threshold,
    volume: w.volume,
    window: { from, to: now },
    points: points.slice(Math.max(w.from, w.to - EVIDENCE_MAX_POINTS), w.to),
    events: [],
    ...(baseline ? { baseline } : {}),
  };
}

function metricLabel(c: TThresholdCondition | TBaselineCondition): string {
  const { label } = METRIC_CATALOG[c.metric];
  return c.category ? `${label} (${c.category})` : label;
}

export function checkThreshold(c: TThresholdCondition, points: readonly MetricPoint[], minVolume: number, now: number): ConditionOutcome {
  const from = now - c.windowMinutes * MINUTE_MS;
  const w = aggregateWindow(points, from, now, METRIC_CATALOG[c.metric].aggregate);
  const label = metricLabel(c);
  if (w.value === null) {
    return {
      status: "no_data",
      value: null,
      evidence: seriesEvidence(`${label}: no data in the last ${c.windowMinutes} min`, w, c.value, points, from, now),
    };
  }
  const status = volumeStatus(compare(w.value, c.comparator, c.value), w.volume, minVolume);
  const shown = `${label} ${formatMetricValue(c.metric, w.value)}`;
  const summary =
    status === "insufficient_volume"
      ? `${shown} over ${c.windowMinutes} min on ${w.volume} (below the minimum volume ${minVolume})`
      : `${shown} ${status === "met" ? c.comparator : "not " + c.comparator} ${formatMetricValue(c.metric, c.value)} over ${c.windowMinutes} min (volume ${w.volume})`;
  return { status, value: w.value, evidence: seriesEvidence(summary, w, c.value, points, from, now) };
}

export function checkBaseline(c: TBaselineCondition, points: readonly MetricPoint[], minVolume: number, now: number): ConditionOutcome {
  const from = now - c.windowMinutes * MINUTE_MS;
  const w = aggregateWindow(points, from, now, METRIC_CATALOG[c.metric].aggregate);
  // The baseline ends where the current window starts, so a spike never raises its own bar.
  const baseline = medianOfWindow(points, from - BASELINE_DAYS * DAY_MS, from);
  const label = metricLabel(c);
  const threshold = baseline.median === null ? null : c.direction === "above" ? baseline.median * c.factor : baseline.median / c.factor;
  if (w.value === null || threshold === null || baseline.samples < BASELINE_MIN_SAMPLES) {
    const why =
      w.value === null
        ? `no data in the last ${c.windowMinutes} min`
        : `only ${baseline.samples} baseline samples (need ${BASELINE_MIN_SAMPLES})`;
    return { status: "no_data", value: w.value, evidence: seriesEvidence(`${label}: ${why}`, w, threshold, points, from, now, baseline) };
  }
  const met =
    c.direction === "above" ? w.value > threshold && w.value >= c.minValue : w.value < threshold && (baseline.median ?? 0) >= c.minValue;
  const status = volumeStatus(met, w.volume, minVolume);
  const relation = c.direction === "above" ? `${c.factor} × its 7-day median` : `its 7-day median ÷ ${c.factor}`;
  const summary = `${label} ${formatMetricValue(c.metric, w.value)} ${met ? "is" : "is not"} ${c.direction} ${relation} (${formatMetricValue(c.metric, baseline.median ?? 0)}) over ${c.windowMinutes} min (volume ${w.volume}${status === "insufficient_volume" ? `, below the minimum ${minVolume}` : ""})`;
  return { status, value: w.value, evidence: seriesEvidence(summary, w, threshold, points, from, now, baseline) };
}

/** A state observation holds while active; an expiry observation while notAfter is within the limit. */
function observationHolds(e: AlertEventObservation, expiryMs: number | null, now: number): boolean {
  return expiryMs === null ? e.active : e.notAfter !== undefined && e.notAfter - now <= expiryMs;
}

function eventEvidence(
  summary: string,
  value: number | null,
  volume: number,
  events: AlertEventObservation[],
  from: number,
  now: number,
): Evidence {
  return { summary, value, threshold: null, volume, window: { from, to: now }, points: [], events };
}

/** Observations of state rules kept as evidence: the confirmations asked for, and at least a few. */
const EVIDENCE_MIN_EVENTS = 5;

/**
 * Events are scanned from the newest backwards and the scan stops as soon as the verdict is known, so a
 * long event history costs nothing per evaluation.
 */
export function checkEvent(c: TEventCondition, events: readonly AlertEventObservation[], minVolume: number, now: number): ConditionOutcome {
  const { label, nature } = EVENT_CATALOG[c.event];
  const from = now - c.windowMinutes * MINUTE_MS;
  const needed = Math.max(1, minVolume);

  if (nature === "occurrence") {
    // Detections inside the window; with none, the condition is simply not met.
    const inWindow: AlertEventObservation[] = [];
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i];
      if (e === undefined || e.at > now || e.type !== c.event || !e.active) continue;
      if (e.at < from) break;
      if (inWindow.length < EVIDENCE_MAX_POINTS) inWindow.push(e);
    }
    inWindow.reverse();
    const count = inWindow.length;
    const status = count === 0 ? "not_met" : count < needed ? "insufficient_volume" : "met";
    const summary = `${label}: ${count} detection(s) in the last ${c.windowMinutes} min${status === "insufficient_volume" ? ` (need ${needed})` : ""}`;
    return { status, value: count, evidence: eventEvidence(summary, count, count, inWindow, from, now) };
  }

  // State and expiry: the newest observation decides; minVolume asks for that many consecutive confirmations.
  const expiryMs = nature === "expiry" ? (c.days ?? 0) * DAY_MS : null;
  const keep = Math.min(EVIDENCE_MAX_POINTS, Math.max(needed, EVIDENCE_MIN_EVENTS));
  const recent: AlertEventObservation[] = [];
  let streak = 0;
  let streakEnded = false;
  for (let i = events.length - 1; i >= 0 && !(streakEnded && recent.length >= keep); i--) {
    const e = events[i];
    if (e === undefined || e.at > now || e.type !== c.event) continue;
    if (recent.length < keep) recent.push(e);
    if (!streakEnded && observationHolds(e, expiryMs, now)) streak += Math.max(1, e.confirmations ?? 1);
    else streakEnded = true;
  }
  const latest = recent[0];
  if (latest === undefined)
    return { status: "no_data", value: null, evidence: eventEvidence(`${label}: no observation`, null, 0, [], from, now) };
  recent.reverse();
  const met = streak > 0;
  const status = met && streak < needed ? "insufficient_volume" : met ? "met" : "not_met";
  const value = nature === "expiry" && latest.notAfter !== undefined ? Math.floor((latest.notAfter - now) / DAY_MS) : streak;
  const what =
    nature === "expiry" ? `expires in ${value} day(s) (limit ${c.days} days)` : met ? `observed ${streak} time(s) in a row` : "cleared";
  const summary = `${label}: ${what}${latest.detail ? ` — ${latest.detail}` : ""}${status === "insufficient_volume" ? ` (need ${needed} confirmations)` : ""}`;
  return { status, value, evidence: eventEvidence(summary, value, streak, recent, from, now) };
}
