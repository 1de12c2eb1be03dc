import { z } from "zod";

import { kpiDefinition, type KpiValue } from "@inboxwatch/analytics/kpi";
import { computeRoi, type PeriodMeasures, recoveryCycle, type RoiAssumptions } from "@inboxwatch/analytics/roi";

import { type OrgContext } from "../context.ts";
import { postgresAnalyticsStore } from "./postgres-store.ts";
import { type Period, periodOf, previousPeriod } from "./query.ts";
import { getRoiSettings, type RoiSettingsValues } from "./roi-settings.ts";
import { type AnalyticsStore } from "./store.ts";

export const ZRoiQuery = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});

/** Incidents whose recovery cycles are costed, newest first. */
const MAX_CYCLES = 10;
/** A cycle ends when the accepted rate is back within this of its baseline (2 points). */
const RECOVERY_TOLERANCE = 0.02;
/** How long after an incident opened its recovery is followed. */
const RECOVERY_HORIZON_MS = 14 * 86_400_000;
const HOUR_MS = 3_600_000;

const figureOf = (v: KpiValue): number | null => (v.state === "ok" ? v.value : null);

/** Hours in the period when a monitored SMTP port answered none of its probes. */
async function downtimeHours(ctx: OrgContext, p: Period): Promise<number> {
  const rows = await ctx.db.$queryRaw<{ hours: bigint }[]>`
    select count(distinct r."hour") as "hours" from "MonitorRollup" r
    join "Monitor" m on m."id" = r."monitorId" and m."orgId" = r."orgId"
    where r."orgId" = ${ctx.orgId} and r."hour" >= ${p.from} and r."hour" < ${p.to}
      and m."port" in (25, 587, 465) and r."probes" > 0 and r."ok" = 0`;
  return Number(rows[0]?.hours ?? 0);
}

/** Hours in the period whose mean send latency of accepted mail was above the organization's target. */
async function queueDelayHours(ctx: OrgContext, p: Period, targetSeconds: number): Promise<number> {
  const rows = await ctx.db.$queryRaw<{ hours: bigint }[]>`
    select count(*) as "hours" from (
      select "hour" from "DeliveryRollup"
      where "orgId" = ${ctx.orgId} and "hour" >= ${p.from} and "hour" < ${p.to} and "status" = 'sent'
      group by "hour" having sum("delayCount") > 0 and sum("delaySum") / sum("delayCount") > ${targetSeconds}
    ) slow`;
  return Number(rows[0]?.hours ?? 0);
}

async function measures(ctx: OrgContext, store: AnalyticsStore, p: Period, settings: RoiSettingsValues): Promise<PeriodMeasures> {
  const [inputs, downtime, queueDelay] = await Promise.all([
    store.kpiInputs(ctx, p, {}),
    downtimeHours(ctx, p),
    queueDelayHours(ctx, p, settings.queueDelayTargetSeconds),
  ]);
  return {
    attempted: inputs.delivery.attempted,
    acceptedRate: figureOf(kpiDefinition("accepted_rate").compute(inputs)),
    inboxRate: figureOf(kpiDefinition("inbox_rate_proxy").compute(inputs)),
    // Conversions are imported per organization (issue 13 item 2); until then the value per delivered message is used.
    conversionRate: null,
    downtimeHours: downtime,
    queueDelayHours: queueDelay,
  };
}

function valuePerMessage(a: RoiAssumptions, m: PeriodMeasures): number | null {
  if (a.valuePerConversion !== null && m.conversionRate !== null) return a.valuePerConversion * m.conversionRate;
  return a.valuePerDeliveredMessage;
}

/**
 * The ROI of a period against the period of the same length before it, and the cost of the recovery
 * cycle of each incident opened in the period (from its opening to the accepted rate back within two
 * points of the baseline). Every figure carries its formula and inputs.
 */
export async function getRoi(ctx: OrgContext, input: z.input<typeof ZRoiQuery>, store: AnalyticsStore = postgresAnalyticsStore) {
  const period = periodOf(ZRoiQuery.parse(input));
  const baselinePeriod = previousPeriod(period);
  const settings = await getRoiSettings(ctx);
  const assumptions: RoiAssumptions = settings;
  const [current, baseline, incidents] = await Promise.all([
    measures(ctx, store, period, settings),
    measures(ctx, store, baselinePeriod, settings),
    ctx.db.incident.findMany({
      where: { orgId: ctx.orgId, openedAt: { gte: period.from, lt: period.to } },
      select: { id: true, title: true, openedAt: true, resolvedAt: true, severity: true },
      orderBy: { openedAt: "desc" },
      take: MAX_CYCLES,
    }),
  ]);
  const perMessage = valuePerMessage(assumptions, current);
  const baselineRate = baseline.acceptedRate;
  const minVolume = kpiDefinition("accepted_rate").minVolume;
  const cycles = await Promise.all(
    incidents.map(async (incident) => {
      if (baselineRate === null) return { incident, cycle: null };
      const from = new Date(Math.floor(incident.openedAt.getTime() / HOUR_MS) * HOUR_MS);
      const to = new Date(Math.min(from.getTime() + RECOVERY_HORIZON_MS, Date.now() + HOUR_MS));
      const series = await store.series(ctx, { from, to }, {}, "hour");
      const points = series.map((b) => ({
        at: b.at.getTime(),
        attempted: b.attempted,
        value: b.attempted >= minVolume ? b.accepted / b.attempted : null,
      }));
      return { incident, cycle: recoveryCycle(points, from.getTime(), baselineRate, RECOVERY_TOLERANCE, perMessage, settings.currency) };
    }),
  );
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    baseline: { from: baselinePeriod.from.toISOString(), to: baselinePeriod.to.toISOString() },
    settings,
    measures: { current, baseline },
    result: computeRoi(assumptions, current, baseline),
    cycles: cycles.map(({ incident, cycle }) => ({
      incident: { ...incident, openedAt: incident.openedAt.toISOString(), resolvedAt: incident.resolvedAt?.toISOString() ?? null },
      cycle: cycle && {
        ...cycle,
        startedAt: new Date(cycle.startedAt).toISOString(),
        recoveredAt: cycle.recoveredAt === null ? null : new Date(cycle.recoveredAt).toISOString(),
      },
    })),
  };
}
