/**
 * From a definition (or an ad hoc request) and a period to the builder's input: the previous period of the
 * same cadence, the local days of the sparklines, the title and the organization's base URL. One place, so a
 * scheduled run, "send now", "preview" and `inboxwatch report render` build the same report for the same period.
 */
import { type ReportAudience, type ReportCadence, type ReportFigures } from "@inboxwatch/reporting/figures";
import { daysOf, type LocalPeriod, previousPeriodOf } from "@inboxwatch/reporting/schedule";

import { type OrgContext } from "../context.ts";
import { servicesEnv } from "../env.ts";
import { NotFoundError } from "../errors.ts";
import { buildReportFigures } from "./figures/index.ts";

export interface ReportRequest {
  cadence: ReportCadence;
  audience: ReportAudience;
  scopeDomains: string[];
  scopeServerIds: string[];
  scopeCampaigns: string[];
}

export const AUDIENCE_TITLE: Record<ReportAudience, string> = {
  leadership: "deliverability report",
  ops: "deliverability report — technical appendix",
  marketing: "deliverability and campaigns report",
};

export function reportTitle(cadence: ReportCadence, audience: ReportAudience): string {
  return `${cadence === "weekly" ? "Weekly" : "Monthly"} ${AUDIENCE_TITLE[audience]}`;
}

/** The organization's pages ("https://app.example/acme"), for links in mail, chat and the PDF. */
export function orgUrlOf(slug: string): string {
  return `${servicesEnv().APP_URL.replace(/\/+$/, "")}/${slug}`;
}

const asPeriod = (p: LocalPeriod) => ({
  from: p.from.toISOString(),
  to: p.to.toISOString(),
  label: p.label,
  fromDate: p.from,
  toDate: p.to,
});

export async function composeReport(
  ctx: OrgContext,
  input: { request: ReportRequest; period: LocalPeriod; now: Date },
): Promise<ReportFigures> {
  const org = await ctx.db.organization.findUnique({ where: { id: ctx.orgId }, select: { slug: true, timeZone: true } });
  if (!org) throw new NotFoundError("Organization");
  const { request, period } = input;
  return buildReportFigures(ctx, {
    title: reportTitle(request.cadence, request.audience),
    cadence: request.cadence,
    audience: request.audience,
    period: asPeriod(period),
    previousPeriod: asPeriod(previousPeriodOf(period, request.cadence, org.timeZone)),
    days: daysOf(period, org.timeZone).map((d) => d.toISOString()),
    scope: { domains: request.scopeDomains, serverIds: request.scopeServerIds, campaigns: request.scopeCampaigns },
    orgUrl: orgUrlOf(org.slug),
    now: input.now,
  });
}
