/**
 * The report's headline KPIs: catalogue KPIs over the period and the previous one (the analytics store's
 * sums), with the delta, its display, whether it is news (format.ts's noise band) and a daily sparkline
 * computed by the same catalogue formula over each day's sums, so a day under the minimum volume is a gap.
 */
import { deltaOf, type KpiId, type KpiInputs, kpiDefinition, type KpiValue, SMTP_PORTS } from "@inboxwatch/analytics/kpi";
import { type HeadlineKpi, type ReportAudience } from "@inboxwatch/reporting/figures";
import { deltaDisplay, display, trend } from "@inboxwatch/reporting/format";

const BASE_KPIS: readonly KpiId[] = ["accepted_rate", "hard_bounce_rate", "deferral_rate", "complaint_rate", "inbox_rate_proxy"];
const MARKETING_KPIS: readonly KpiId[] = ["open_rate", "click_rate"];
const TAIL_KPIS: readonly KpiId[] = ["dmarc_pass_rate"];

/** Uptime per SMTP port that was probed in either period; port 25 (server to server) when none was. */
function uptimeKpis(current: KpiInputs, previous: KpiInputs): KpiId[] {
  const probed = SMTP_PORTS.filter((p) => current.ports[p].probes > 0 || previous.ports[p].probes > 0);
  return (probed.length ? probed : [25]).map((p) => `uptime_${p}` as KpiId);
}

export function headlineKpis(
  audience: ReportAudience,
  current: KpiInputs,
  previous: KpiInputs,
  daily: readonly KpiInputs[],
): HeadlineKpi[] {
  const ids: KpiId[] = [
    ...BASE_KPIS,
    ...(audience === "marketing" ? MARKETING_KPIS : []),
    ...TAIL_KPIS,
    ...uptimeKpis(current, previous),
    "send_latency_p95",
  ];
  return ids.map((id) => {
    const k = kpiDefinition(id);
    const now = k.compute(current);
    const before = k.compute(previous);
    const delta = deltaOf(now, before);
    const noun = k.volumeNoun === "probes" ? "probes" : "mail";
    return {
      id: k.id,
      label: k.label,
      unit: k.unit,
      better: k.better,
      // The catalogue adds the inbox proxy's basis to its value; the frozen figures keep the KpiValue shape only.
      current: plain(now),
      previous: plain(before),
      delta,
      display: display(now, k.unit, noun),
      deltaDisplay: deltaDisplay(delta, k.unit),
      trend: trend(now, before, k.unit, k.better),
      sparkline: daily.map((d) => {
        const v = k.compute(d);
        return v.state === "ok" ? v.value : null;
      }),
    };
  });
}

function plain(v: KpiValue): KpiValue {
  if (v.state === "ok") return { state: "ok", value: v.value, volume: v.volume };
  if (v.state === "not-enough") return { state: "not-enough", volume: v.volume, minVolume: v.minVolume };
  return { state: "no-data" };
}
