/**
 * The rule form of the web app as plain data: its state (the strings the inputs hold), the defaults of each
 * rule kind, which fields apply to a kind, and the draft it sends. Kept here, beside the schema, so the page
 * and the tests build the very same payload (a port-down rule made in the UI once asked for 200
 * confirmations, the default of a ratio rule, and could never fire).
 */
import { ALERT_EVENTS, ALERT_METRICS, EVENT_CATALOG, type EventNature, type TAlertEvent, type TAlertMetric } from "./catalog.ts";
import {
  ALERT_SCOPE_TYPES,
  type TAlertRuleDraftInput,
  type TAlertScopeType,
  type TAlertSeverity,
  type TComparator,
} from "./rule-schema.ts";
import { PRESET_MIN_VOLUME_MESSAGES } from "./presets.ts";

export type TRuleFormKind = "threshold" | "event" | "baseline";

export interface RuleFormState {
  name: string;
  kind: TRuleFormKind;
  metric: TAlertMetric;
  category: string;
  comparator: TComparator;
  value: string;
  factor: string;
  event: TAlertEvent;
  days: string;
  windowMinutes: string;
  scopeType: TAlertScopeType;
  scopeId: string;
  severity: TAlertSeverity;
  minVolume: string;
  forMinutes: string;
  runbookUrl: string;
  channelIds: string[];
  enabled: boolean;
}

/** Series rules: a rate over fewer messages than this is noise (the presets' figure). */
const SERIES_DEFAULT_MIN_VOLUME = String(PRESET_MIN_VOLUME_MESSAGES);
/** Series rules hold 5 minutes before firing: one noisy bucket neither opens nor closes an incident. */
const SERIES_DEFAULT_FOR_MINUTES = "5";
/**
 * Events: one observation is enough. A monitor reports DOWN only after its own failed probes, a drift event
 * is a confirmed change, and each port or listing has one current observation: asking for more never fires.
 */
const EVENT_DEFAULT_MIN_VOLUME = "1";
const EVENT_DEFAULT_FOR_MINUTES = "0";

export const RULE_FORM_DEFAULTS: RuleFormState = {
  name: "",
  kind: "threshold",
  metric: "bounce_rate",
  category: "",
  comparator: ">",
  value: "5",
  factor: "3",
  event: "port_down",
  days: "14",
  windowMinutes: "60",
  scopeType: "organization",
  scopeId: "",
  severity: "warning",
  minVolume: SERIES_DEFAULT_MIN_VOLUME,
  forMinutes: SERIES_DEFAULT_FOR_MINUTES,
  runbookUrl: "",
  channelIds: [],
  enabled: true,
};

/** The volume field's meaning per kind: messages for series, confirmations or detections for events; none for expiry. */
export interface VolumeField {
  label: string;
  hint: string;
}

/** Which inputs the form shows for a kind (and event): only those that change what the rule does. */
export interface RuleFormFields {
  metric: boolean;
  category: boolean;
  comparator: boolean;
  value: boolean;
  factor: boolean;
  event: boolean;
  days: boolean;
  window: boolean;
  volume: VolumeField | null;
  forMinutes: boolean;
}

function eventNature(f: Pick<RuleFormState, "event">): EventNature {
  return EVENT_CATALOG[f.event].nature;
}

export function ruleFormFields(f: Pick<RuleFormState, "kind" | "metric" | "event">): RuleFormFields {
  const series = f.kind !== "event";
  const nature = series ? null : eventNature(f);
  const volume: VolumeField | null = series
    ? { label: "Minimum volume (messages)", hint: "Messages (or probes) in the window before the rule may fire." }
    : nature === "state"
      ? { label: "Confirmations", hint: "Consecutive observations of the state before it fires; 1 = as soon as it is seen." }
      : nature === "occurrence"
        ? { label: "Detections in the window", hint: "How many detections inside the window before it fires." }
        : null;
  return {
    metric: series,
    category: series && f.metric === "bounce_rate_by_category",
    comparator: f.kind === "threshold",
    value: f.kind === "threshold",
    factor: f.kind === "baseline",
    event: !series,
    days: !series && f.event === "cert_expiring",
    // A state or an expiry is judged on its newest observation: a window changes nothing for them.
    window: series || nature === "occurrence",
    volume,
    forMinutes: true,
  };
}

/** Switching the kind resets the volume and for-duration to that kind's defaults (200 messages is no event count). */
export function withRuleFormKind(f: RuleFormState, kind: TRuleFormKind): RuleFormState {
  if (kind === f.kind) return f;
  const series = kind !== "event";
  return {
    ...f,
    kind,
    minVolume: series ? SERIES_DEFAULT_MIN_VOLUME : EVENT_DEFAULT_MIN_VOLUME,
    forMinutes: series ? SERIES_DEFAULT_FOR_MINUTES : EVENT_DEFAULT_FOR_MINUTES,
  };
}

function num(s: string): number {
  // An emptied input is NaN, which the server refuses with the field's name, rather than a silent 0.
  return s.trim() === "" ? Number.NaN : Number(s);
}

/** The draft the form sends to `alerts.createRule` / `alerts.updateRule` (validated by the server). */
export function ruleFormToDraft(f: RuleFormState): TAlertRuleDraftInput {
  const shown = ruleFormFields(f);
  const category = shown.category && f.category ? { category: f.category } : {};
  const windowMinutes = shown.window ? { windowMinutes: num(f.windowMinutes) } : {};
  const condition: TAlertRuleDraftInput["condition"] =
    f.kind === "event"
      ? { kind: "event", event: f.event, ...windowMinutes, ...(shown.days ? { days: num(f.days) } : {}) }
      : f.kind === "threshold"
        ? {
            kind: "threshold",
            metric: f.metric,
            comparator: f.comparator,
            value: num(f.value),
            windowMinutes: num(f.windowMinutes),
            ...category,
          }
        : { kind: "baseline", metric: f.metric, factor: num(f.factor), windowMinutes: num(f.windowMinutes), ...category };
  return {
    name: f.name,
    enabled: f.enabled,
    scope: f.scopeType === "organization" ? { type: "organization" } : { type: f.scopeType, id: f.scopeId },
    condition,
    severity: f.severity,
    // Hidden fields are not sent: the schema's default applies (0 = one observation for events).
    ...(shown.volume ? { minVolume: num(f.minVolume) } : {}),
    forMinutes: num(f.forMinutes),
    ...(f.runbookUrl ? { runbookUrl: f.runbookUrl } : {}),
    channelIds: f.channelIds,
  };
}

/** A rule's stored definition as the rules list and the Edit form read it. */
export interface StoredRuleDraft {
  name: string;
  enabled: boolean;
  scope: { type: string; id?: string };
  condition: {
    kind: TRuleFormKind;
    metric?: string;
    category?: string;
    comparator?: string;
    value?: number;
    factor?: number;
    event?: string;
    days?: number;
    windowMinutes?: number;
  };
  severity: TAlertSeverity;
  minVolume: number;
  forMinutes: number;
  runbookUrl?: string;
  channelIds: string[];
}

/** The stored definition back into form state (for Edit). */
export function ruleFormFromDraft(d: StoredRuleDraft): RuleFormState {
  const c = d.condition;
  const d0 = RULE_FORM_DEFAULTS;
  const pick = <T extends string>(list: readonly T[], v: string | undefined, fallback: T): T =>
    (list as readonly string[]).includes(v ?? "") ? (v as T) : fallback;
  return {
    ...d0,
    name: d.name,
    enabled: d.enabled,
    kind: c.kind,
    metric: pick(ALERT_METRICS, c.metric, d0.metric),
    category: c.category ?? "",
    comparator: pick([">", ">=", "<", "<="] as const, c.comparator, d0.comparator),
    value: String(c.value ?? d0.value),
    factor: String(c.factor ?? d0.factor),
    event: pick(ALERT_EVENTS, c.event, d0.event),
    days: String(c.days ?? d0.days),
    windowMinutes: String(c.windowMinutes ?? d0.windowMinutes),
    scopeType: pick(ALERT_SCOPE_TYPES, d.scope.type, d0.scopeType),
    scopeId: d.scope.id ?? "",
    severity: d.severity,
    minVolume: String(d.minVolume),
    forMinutes: String(d.forMinutes),
    runbookUrl: d.runbookUrl ?? "",
    channelIds: d.channelIds,
  };
}
