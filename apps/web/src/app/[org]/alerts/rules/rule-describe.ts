import { type ALERT_EVENTS, type ALERT_METRICS, EVENT_CATALOG, METRIC_CATALOG, type StoredRuleDraft } from "@inboxwatch/alerting/rules";

/** The condition in words: "Bounce rate > 5 over 60 min", "Port down", "Certificate expiring within 14 days". */
export function describeRule(d: StoredRuleDraft): string {
  const c = d.condition;
  if (c.kind === "event")
    return `${EVENT_CATALOG[c.event as (typeof ALERT_EVENTS)[number]]?.label ?? c.event}${c.days ? ` within ${c.days} days` : ""}`;
  const label = METRIC_CATALOG[c.metric as (typeof ALERT_METRICS)[number]]?.label ?? c.metric;
  if (c.kind === "threshold")
    return `${label}${c.category ? ` (${c.category})` : ""} ${c.comparator} ${c.value} over ${c.windowMinutes} min`;
  return `${label} ${c.factor} × its 7-day median over ${c.windowMinutes} min`;
}
