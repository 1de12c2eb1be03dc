/**
 * The archive (issue 14 point 4): every built edition with its frozen figures, its PDF and its delivery log,
 * listed per organization; and an ad hoc render of any period for the API and the CLI.
 */
import { REPORT_FIGURES_VERSION, type ReportFigures } from "@inboxwatch/reporting/figures";
import { renderReportHtml } from "@inboxwatch/reporting/render";
import { parsePeriodKey } from "@inboxwatch/reporting/schedule";
import { z } from "zod";

import { type Prisma } from "@inboxwatch/db";

import { type OrgContext } from "../context.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { StoredJsonError } from "../json/column.ts";
import { composeReport } from "./compose.ts";

export const EDITIONS_PAGE_MAX = 100;

/** Figures read back from an edition: the renderers only know their own version. */
export function readReportFigures(value: unknown): ReportFigures {
  if (typeof value !== "object" || value === null || (value as { version?: unknown }).version !== REPORT_FIGURES_VERSION) {
    throw new StoredJsonError("ReportEdition.figures", `not version ${REPORT_FIGURES_VERSION} report figures`);
  }
  return value as ReportFigures;
}

/** "inboxwatch-acme-weekly-2026-11-23.pdf": the organization, the cadence and the period's first day. */
export function pdfFileName(edition: { orgSlug: string; cadence: string; periodFrom: string }): string {
  const slug = `${edition.orgSlug}-${edition.cadence}-${edition.periodFrom.slice(0, 10)}`.replace(/[^a-z0-9.-]+/gi, "-");
  return `inboxwatch-${slug}.pdf`;
}

export function pdfFileNameOf(figures: ReportFigures): string {
  return pdfFileName({ orgSlug: figures.org.slug, cadence: figures.cadence, periodFrom: figures.period.from });
}

export const ZListEditions = z.object({
  definitionId: z.string().min(1).max(40).optional(),
  limit: z.number().int().min(1).max(EDITIONS_PAGE_MAX).default(50),
  /** Editions created before this one (the last id of the previous page). */
  cursor: z.string().min(1).max(40).optional(),
});

/** What the archive and a report's page both show of an edition. */
const editionSummarySelect = {
  id: true,
  definitionId: true,
  runKey: true,
  title: true,
  cadence: true,
  audience: true,
  periodFrom: true,
  periodTo: true,
  status: true,
  error: true,
  createdAt: true,
  builtAt: true,
  definition: { select: { name: true } },
} as const satisfies Prisma.ReportEditionSelect;

export async function listReportEditions(ctx: OrgContext, input: z.input<typeof ZListEditions> = {}) {
  const q = ZListEditions.parse(input);
  const rows = await ctx.db.reportEdition.findMany({
    where: { orgId: ctx.orgId, ...(q.definitionId ? { definitionId: q.definitionId } : {}) },
    select: {
      ...editionSummarySelect,
      deliveries: { select: { status: true } },
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(({ deliveries, definition, ...r }) => ({
      ...r,
      kind: r.runKey.startsWith("manual:") ? ("sent now" as const) : ("scheduled" as const),
      definitionName: definition?.name ?? null,
      deliveries: {
        total: deliveries.length,
        sent: deliveries.filter((x) => x.status === "sent").length,
        bounced: deliveries.filter((x) => x.status === "bounced").length,
        failed: deliveries.filter((x) => x.status === "failed").length,
        pending: deliveries.filter((x) => x.status === "pending" || x.status === "sending").length,
      },
    })),
    nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function getReportEdition(ctx: OrgContext, input: { id: string }) {
  const row = await ctx.db.reportEdition.findFirst({
    where: { id: input.id, orgId: ctx.orgId },
    select: {
      ...editionSummarySelect,
      buildAttempts: true,
      figures: true,
      deliveries: {
        select: {
          id: true,
          channel: true,
          targetLabel: true,
          status: true,
          attempts: true,
          lastError: true,
          response: true,
          sentAt: true,
          updatedAt: true,
        },
        orderBy: [{ channel: "asc" }, { targetLabel: "asc" }],
      },
    },
  });
  if (!row) throw new NotFoundError("Report");
  const { figures, definition, ...rest } = row;
  return {
    ...rest,
    definitionName: definition?.name ?? null,
    hasPdf: row.status === "ready",
    figures: figures === null ? null : readReportFigures(figures),
  };
}

/** The edition as the standalone HTML document (the web page's frame and the share page show it). */
export async function getReportEditionHtml(ctx: OrgContext, input: { id: string }): Promise<string> {
  const edition = await getReportEdition(ctx, input);
  if (!edition.figures) throw new NotFoundError("Report");
  return renderReportHtml(edition.figures);
}

/** The archived PDF and its download name, in one read (the figures are not needed for it). */
export async function getReportEditionPdf(
  ctx: OrgContext,
  input: { id: string },
): Promise<{ title: string; pdf: Uint8Array; fileName: string }> {
  const row = await ctx.db.reportEdition.findFirst({
    where: { id: input.id, orgId: ctx.orgId, status: "ready" },
    select: { title: true, pdf: true, cadence: true, periodFrom: true, org: { select: { slug: true } } },
  });
  if (!row?.pdf) throw new NotFoundError("Report PDF");
  const fileName = pdfFileName({ orgSlug: row.org.slug, cadence: row.cadence, periodFrom: row.periodFrom.toISOString() });
  return { title: row.title, pdf: row.pdf, fileName };
}

export const ZRenderReport = z.object({
  /** "2026-11" (a calendar month) or "2026-W48" (an ISO week), in the organization's time zone. */
  period: z.string().min(6).max(10),
  audience: z.enum(["leadership", "ops", "marketing"]).default("leadership"),
  scopeDomains: z.array(z.string().min(1).max(253)).max(50).default([]),
  scopeServerIds: z.array(z.string().min(1).max(40)).max(50).default([]),
  scopeCampaigns: z.array(z.string().min(1).max(200)).max(50).default([]),
});

/** Builds the report of any period now (not archived, not sent): `inboxwatch report render --period 2026-11`. */
export async function renderReportForPeriod(
  ctx: OrgContext,
  input: z.input<typeof ZRenderReport>,
  now = new Date(),
): Promise<ReportFigures> {
  const q = ZRenderReport.parse(input);
  const org = await ctx.db.organization.findUnique({ where: { id: ctx.orgId }, select: { timeZone: true } });
  if (!org) throw new NotFoundError("Organization");
  const parsed = parsePeriodKey(q.period, org.timeZone);
  if (!parsed) throw new ValidationError(`"${q.period}" is not a period: use a month (2026-11) or an ISO week (2026-W48)`);
  if (parsed.period.from > now) throw new ValidationError(`${parsed.period.label} has not started yet`);
  return composeReport(ctx, {
    request: {
      cadence: parsed.cadence,
      audience: q.audience,
      scopeDomains: q.scopeDomains,
      scopeServerIds: q.scopeServerIds,
      scopeCampaigns: q.scopeCampaigns,
    },
    period: parsed.period,
    now,
  });
}
