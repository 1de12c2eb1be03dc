/**
 * The figures of one report edition (issue 14): every number and sentence the renderers print, computed
 * once from the organization's rollups and events and frozen as ReportFigures. The caller computes the
 * periods and day list (local calendar weeks or months); this reads, in parallel, one grouped query per
 * source — the analytics store for period totals and the provider breakdown of the previous period,
 * queries.ts for the day × provider sums and the rest — then the pure rules of @inboxwatch/reporting
 * write the findings, actions and narrative. Every read filters by ctx.orgId.
 *
 * Scope: the report's domain / server / campaign lists go to the analytics store as list filters (an empty
 * list is all). Feedback-loop complaints carry no domain or server, so a scoped report counts none (as the
 * dashboards do). Incidents, ROI and TLS reports are organization-wide; DMARC follows the domain scope,
 * ports the server scope, DNS drift the domain scope (IPs are always shown).
 */
import { kpiDefinition, type KpiInputs } from "@inboxwatch/analytics/kpi";
import {
  REPORT_FIGURES_VERSION,
  type ReplyCodeRow,
  type ReportAudience,
  type ReportCadence,
  type ReportFigures,
  type ReportPeriod,
} from "@inboxwatch/reporting/figures";
import { type ComplaintCount, complaintFigures, computeFindings, type ReportData } from "@inboxwatch/reporting/findings";

import { type OrgContext } from "../../context.ts";
import { NotFoundError } from "../../errors.ts";
import { postgresAnalyticsStore } from "../../analytics/postgres-store.ts";
import { type AnalyticsFilters, isFiltered, type Period } from "../../analytics/query.ts";
import { getRoi } from "../../analytics/roi.ts";
import { type AnalyticsStore } from "../../analytics/store.ts";
import { headlineKpis } from "./headline.ts";
import { cohortSummaries, experimentSummaries } from "./marketing.ts";
import {
  arfComplaints,
  campaignConversions,
  dailyDeliveryRows,
  dmarcDaily,
  dmarcFailingSources,
  driftEvents,
  periodIncidents,
  portDays,
  probeStats,
  replyCodeCounts,
  replySamples,
  tlsMonitorEvents,
  tlsReportTotals,
} from "./queries.ts";
import {
  addPortsAndDmarc,
  dailyInputs,
  driftOf,
  incidentSummaries,
  providerData,
  providerOfReporter,
  roiSection,
  serverPorts,
} from "./sections.ts";

export type ReportPeriodInput = ReportPeriod & { fromDate: Date; toDate: Date };

export interface ReportFiguresInput {
  title: string;
  cadence: ReportCadence;
  audience: ReportAudience;
  period: ReportPeriodInput;
  previousPeriod: ReportPeriodInput;
  /** Day starts of the period (ISO), local midnights in the organization's time zone. */
  days: string[];
  scope: { domains: string[]; serverIds: string[]; campaigns: string[] };
  orgUrl: string;
  now: Date;
}

/** Names a scope label lists per dimension; the rest are counted. */
const SCOPE_LABEL_MAX_NAMES = 5;

function scopeLabel(domains: string[], servers: string[], campaigns: string[]): string {
  const part = (noun: string, names: string[]) =>
    names.length === 0
      ? null
      : `${noun}: ${names.slice(0, SCOPE_LABEL_MAX_NAMES).join(", ")}${names.length > SCOPE_LABEL_MAX_NAMES ? ` and ${names.length - SCOPE_LABEL_MAX_NAMES} more` : ""}`;
  const parts = [part("Domains", domains), part("Servers", servers), part("Campaigns", campaigns)].filter((p): p is string => p !== null);
  return parts.length ? parts.join(" · ") : "All mail";
}

export async function buildReportFigures(
  ctx: OrgContext,
  input: ReportFiguresInput,
  store: AnalyticsStore = postgresAnalyticsStore,
): Promise<ReportFigures> {
  const period: Period = { from: input.period.fromDate, to: input.period.toDate };
  const previous: Period = { from: input.previousPeriod.fromDate, to: input.previousPeriod.toDate };
  const days = input.days.map((d) => new Date(d));
  const { domains, serverIds, campaigns } = input.scope;
  const filters: AnalyticsFilters = { senderDomains: domains, serverIds, campaigns };
  const scoped = isFiltered(filters);
  const wantsMarketing = input.audience === "marketing";

  const [
    org,
    servers,
    current,
    before,
    previousProviders,
    dailyRows,
    codes,
    arf,
    dmarcDays,
    failing,
    portRows,
    probes,
    drift,
    monitorTls,
    tlsTotals,
    incidents,
    roi,
    campaignSegments,
    conversions,
    samples,
  ] = await Promise.all([
    ctx.db.organization.findUnique({ where: { id: ctx.orgId }, select: { name: true, slug: true, timeZone: true, logoDataUrl: true } }),
    serverIds.length
      ? ctx.db.mailServer.findMany({ where: { orgId: ctx.orgId, id: { in: serverIds } }, select: { id: true, hostname: true } })
      : Promise.resolve([]),
    store.kpiInputs(ctx, period, filters),
    store.kpiInputs(ctx, previous, filters),
    store.breakdown(ctx, previous, filters, "provider"),
    dailyDeliveryRows(ctx, period, days, filters),
    replyCodeCounts(ctx, period, previous, filters),
    scoped ? Promise.resolve([]) : arfComplaints(ctx, period, days),
    dmarcDaily(ctx, period, days, domains),
    dmarcFailingSources(ctx, period, domains),
    portDays(ctx, period, days, serverIds),
    probeStats(ctx, period, serverIds),
    driftEvents(ctx, period),
    tlsMonitorEvents(ctx, period, serverIds),
    tlsReportTotals(ctx, period),
    periodIncidents(ctx, period),
    getRoi(ctx, { from: period.from.toISOString(), to: period.to.toISOString() }, store),
    store.breakdown(ctx, period, filters, "campaign"),
    campaignConversions(ctx, period),
    replySamples(ctx, period),
  ]);
  if (!org) throw new NotFoundError("Organization not found");

  // Per-day inputs for the sparklines; per provider × day for the rules.
  const { days: perDay, byProvider } = dailyInputs(dailyRows, days.length);
  for (const c of arf) {
    const d = perDay[c.day];
    if (d) d.complaints.complaints += c.count;
  }
  addPortsAndDmarc(perDay, portRows, dmarcDays);
  const providers = providerData(byProvider, new Map(previousProviders.map((s) => [s.key, s.inputs])));

  // Complaints: the store's total (rollup spam reports + feedback loops), per provider the rollups' plus the loops they run.
  const arfByProvider = new Map<string, number>();
  for (const c of arf) {
    const p = providerOfReporter(c.reporter);
    if (p) arfByProvider.set(p, (arfByProvider.get(p) ?? 0) + c.count);
  }
  const complaintCounts: ComplaintCount[] = [
    { provider: null, complaints: current.complaints.complaints, delivered: current.delivery.accepted },
    ...[...providers.current].map(([key, i]) => ({
      provider: key,
      complaints: i.complaints.complaints + (arfByProvider.get(key) ?? 0),
      delivered: i.delivery.accepted,
    })),
  ];
  const complaints = complaintFigures(complaintCounts);

  const replyCodes: ReplyCodeRow[] = codes.map((c) => ({
    code: c.code,
    class: c.code.startsWith("5") ? "5xx" : "4xx",
    count: c.count,
    previousCount: c.previousCount,
    sample: samples.get(c.code) ?? null,
  }));
  const ports = serverPorts(portRows, probes);
  const tlsProbeEvents = probes
    .filter((p) => p.tlsFailed > 0)
    .map((p) => {
      const host = ports.find((s) => s.serverId === p.serverId)?.hostname ?? p.serverId;
      return {
        at: period.to,
        subject: `${host} port ${p.port}`,
        message: `${p.tlsFailed} ${p.tlsFailed === 1 ? "probe" : "probes"} failed the TLS handshake.`,
        severity: "warning" as const,
        evidencePath: `servers/${p.serverId}`,
      };
    });
  const driftData = driftOf(drift, monitorTls, domains);
  const headline = headlineKpis(input.audience, current, before, perDay);
  const dmarcFailing = failing.filter((s) => s.failRate > 0);

  const data: ReportData = {
    cadence: input.cadence,
    timeZone: org.timeZone,
    period: { from: period.from, to: period.to, label: input.period.label },
    days,
    attempted: current.delivery.attempted,
    previousAttempted: before.delivery.attempted,
    headline,
    providers: providers.data,
    listings: driftData.listings,
    authDrift: driftData.auth,
    tls: [...driftData.tls, ...tlsProbeEvents],
    tlsReports: tlsTotals,
    replyCodes,
    ports,
    dmarcFailing,
    complaints,
    incidents: incidents.map((i) => ({ id: i.id, title: i.title, severity: i.severity, openedAt: i.openedAt, resolvedAt: i.resolvedAt })),
  };
  const { findings, actions, narrative } = computeFindings(data);

  const campaignRows = campaignSegments
    .filter((s) => s.key !== "" && s.inputs.delivery.attempted > 0)
    .map((s) => campaignRow(s.key, s.inputs, conversions.get(s.key)))
    .sort((a, b) => b.attempted - a.attempted || a.campaign.localeCompare(b.campaign));

  const hasMarketing = wantsMarketing || campaignRows.length > 0;
  // The cohort and experiment views are read only for a report that shows them.
  const [cohorts, experiments] = hasMarketing ? await Promise.all([cohortSummaries(ctx), experimentSummaries(ctx, period)]) : [[], []];

  return {
    version: REPORT_FIGURES_VERSION,
    title: input.title,
    cadence: input.cadence,
    audience: input.audience,
    org: { name: org.name, slug: org.slug, timeZone: org.timeZone, logoDataUrl: org.logoDataUrl },
    orgUrl: input.orgUrl,
    generatedAt: input.now.toISOString(),
    period: { from: input.period.from, to: input.period.to, label: input.period.label },
    previousPeriod: { from: input.previousPeriod.from, to: input.previousPeriod.to, label: input.previousPeriod.label },
    days: input.days,
    scope: {
      label: scopeLabel(
        domains,
        serverIds.map((id) => servers.find((s) => s.id === id)?.hostname ?? id),
        campaigns,
      ),
      domains,
      servers: serverIds,
      campaigns,
    },
    volume: { attempted: current.delivery.attempted, previousAttempted: before.delivery.attempted },
    noMail: current.delivery.attempted === 0,
    narrative,
    headline,
    findings,
    actions,
    incidents: incidentSummaries(incidents, period.to),
    drift: driftData.items,
    ports,
    providers: providers.rows,
    replyCodes,
    dmarcFailingSources: dmarcFailing,
    complaints,
    roi: roiSection(roi),
    marketing: hasMarketing ? { campaigns: campaignRows, cohorts, experiments } : null,
  };
}

function campaignRow(campaign: string, inputs: KpiInputs, conv: { conversions: number; revenue: number | null } | undefined) {
  return {
    campaign,
    attempted: inputs.delivery.attempted,
    accepted: kpiDefinition("accepted_rate").compute(inputs),
    openRate: kpiDefinition("open_rate").compute(inputs),
    clickRate: kpiDefinition("click_rate").compute(inputs),
    conversions: conv?.conversions ?? 0,
    revenue: conv?.revenue ?? null,
  };
}
