import { figure, type Figure } from "./figure.ts";

/** The organization's own numbers, edited on the ROI page. */
export interface RoiAssumptions {
  currency: string;
  /** Value of one conversion; used with the measured conversion rate. */
  valuePerConversion: number | null;
  /** Value of one delivered message, for senders without conversion data (e.g. transactional mail). */
  valuePerDeliveredMessage: number | null;
  costPerDowntimeHour: number;
  costPerQueueDelayHour: number;
}

/** Measured figures of one period (the current one, or the baseline it is compared with). */
export interface PeriodMeasures {
  attempted: number;
  acceptedRate: number | null;
  inboxRate: number | null;
  /** Conversions per delivered message; null without imported conversions. */
  conversionRate: number | null;
  /** Hours during which a monitored port was down (quorum-confirmed). */
  downtimeHours: number;
  /** Hours during which the send-latency p95 was above the organization's target. */
  queueDelayHours: number;
}

export interface RoiResult {
  incrementalAccepted: Figure;
  incrementalInbox: Figure;
  revenueFromDelivery: Figure;
  avoidedDowntimeCost: Figure;
  avoidedQueueDelayCost: Figure;
  total: Figure;
}

/**
 * Value per delivered message: the conversion model when conversions and their value are known
 * (conversion rate × value per conversion), else the organization's direct estimate.
 */
function valuePerMessage(a: RoiAssumptions, current: PeriodMeasures): { value: number; formula: string } | null {
  if (a.valuePerConversion !== null && current.conversionRate !== null) {
    return { value: current.conversionRate * a.valuePerConversion, formula: "conversion rate × value per conversion" };
  }
  if (a.valuePerDeliveredMessage !== null) return { value: a.valuePerDeliveredMessage, formula: "value per delivered message" };
  return null;
}

/**
 * The ROI of the period against its baseline: messages that reached the inbox because acceptance and
 * placement improved, valued by the conversion model, plus downtime and queue delay avoided, valued at
 * the organization's hourly costs. Worse than baseline gives negative figures: a cost, shown as such.
 */
export function computeRoi(a: RoiAssumptions, current: PeriodMeasures, baseline: PeriodMeasures): RoiResult {
  const rate = (r: number | null) => r ?? Number.NaN;
  const incrementalAccepted = figure(
    "Incremental accepted messages",
    "messages",
    "(accepted rate now − accepted rate at baseline) × attempts now",
    [
      { label: "Accepted rate now", value: rate(current.acceptedRate), unit: "fraction" },
      { label: "Accepted rate at baseline", value: rate(baseline.acceptedRate), unit: "fraction" },
      { label: "Attempts now", value: current.attempted, unit: "messages" },
    ],
    () => (rate(current.acceptedRate) - rate(baseline.acceptedRate)) * current.attempted,
  );
  const incrementalInbox = figure(
    "Incremental inbox messages",
    "messages",
    "(accepted × inbox rate now − accepted × inbox rate at baseline) × attempts now",
    [
      { label: "Accepted rate now", value: rate(current.acceptedRate), unit: "fraction" },
      { label: "Inbox rate now", value: rate(current.inboxRate), unit: "fraction" },
      { label: "Accepted rate at baseline", value: rate(baseline.acceptedRate), unit: "fraction" },
      { label: "Inbox rate at baseline", value: rate(baseline.inboxRate), unit: "fraction" },
      { label: "Attempts now", value: current.attempted, unit: "messages" },
    ],
    () =>
      (rate(current.acceptedRate) * rate(current.inboxRate) - rate(baseline.acceptedRate) * rate(baseline.inboxRate)) * current.attempted,
  );
  const perMessage = valuePerMessage(a, current);
  const inboxCount = incrementalInbox.value ?? incrementalAccepted.value;
  const revenueFromDelivery = figure(
    "Revenue from better delivery",
    a.currency,
    `incremental ${incrementalInbox.value !== null ? "inbox" : "accepted"} messages × ${perMessage?.formula ?? "value per message (not set)"}`,
    [
      {
        label: `Incremental ${incrementalInbox.value !== null ? "inbox" : "accepted"} messages`,
        value: inboxCount ?? Number.NaN,
        unit: "messages",
      },
      { label: "Value per message", value: perMessage?.value ?? Number.NaN, unit: a.currency },
    ],
    () => (inboxCount ?? 0) * (perMessage?.value ?? 0),
  );
  const avoidedDowntimeCost = figure(
    "Avoided downtime cost",
    a.currency,
    "(downtime hours at baseline − downtime hours now) × cost of an hour of downtime",
    [
      { label: "Downtime hours at baseline", value: baseline.downtimeHours, unit: "hours" },
      { label: "Downtime hours now", value: current.downtimeHours, unit: "hours" },
      { label: "Cost of an hour of downtime", value: a.costPerDowntimeHour, unit: a.currency },
    ],
    () => (baseline.downtimeHours - current.downtimeHours) * a.costPerDowntimeHour,
  );
  const avoidedQueueDelayCost = figure(
    "Avoided queue-delay cost",
    a.currency,
    "(queue-delay hours at baseline − queue-delay hours now) × cost of an hour of queue delay",
    [
      { label: "Queue-delay hours at baseline", value: baseline.queueDelayHours, unit: "hours" },
      { label: "Queue-delay hours now", value: current.queueDelayHours, unit: "hours" },
      { label: "Cost of an hour of queue delay", value: a.costPerQueueDelayHour, unit: a.currency },
    ],
    () => (baseline.queueDelayHours - current.queueDelayHours) * a.costPerQueueDelayHour,
  );
  const parts = [revenueFromDelivery, avoidedDowntimeCost, avoidedQueueDelayCost];
  const total = figure(
    "Total",
    a.currency,
    "revenue from better delivery + avoided downtime cost + avoided queue-delay cost (parts without data count as 0 and are listed)",
    parts.map((p) => ({ label: p.value === null ? `${p.label} (no data)` : p.label, value: p.value ?? 0, unit: a.currency })),
    () => parts.reduce((sum, p) => sum + (p.value ?? 0), 0),
  );
  return { incrementalAccepted, incrementalInbox, revenueFromDelivery, avoidedDowntimeCost, avoidedQueueDelayCost, total };
}
