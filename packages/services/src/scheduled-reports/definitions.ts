/**
 * Report definitions (issue 14 point 1): list, get, create, update, delete, each write audited in its
 * transaction. The next send is computed here, from the definition and the organization's time zone, and
 * again whenever either changes (organization settings call `rescheduleReports`).
 */
import { type Prisma } from "@inboxwatch/db";
import { nextRunAt } from "@inboxwatch/reporting/schedule";

import { recordAudit } from "../audit/record.ts";
import { actorId, inTx, type InTx, type OrgContext } from "../context.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import {
  type TCreateReportDefinition,
  type TUpdateReportDefinition,
  ZCreateReportDefinition,
  ZStoredDefinitionRules,
  ZUpdateReportDefinition,
} from "./schema.ts";

/** Channel kinds a report goes to: chat and webhooks get the summary and the link (email recipients are listed as addresses). */
export const REPORT_CHANNEL_KINDS = ["slack", "teams", "webhook"] as const;

export const definitionSelect = {
  id: true,
  name: true,
  cadence: true,
  weekday: true,
  monthDay: true,
  sendHour: true,
  audience: true,
  scopeDomains: true,
  scopeServerIds: true,
  scopeCampaigns: true,
  recipientRoles: true,
  recipientEmails: true,
  channelIds: true,
  attachPdf: true,
  enabled: true,
  nextRunAt: true,
  lastRunAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.ReportDefinitionSelect;

export type ReportDefinitionRow = Prisma.ReportDefinitionGetPayload<{ select: typeof definitionSelect }>;

type Schedule = Pick<ReportDefinitionRow, "cadence" | "weekday" | "monthDay" | "sendHour" | "enabled">;

/** The next send of an enabled definition after `now`, in the organization's zone; null when disabled. */
export function nextSendOf(d: Schedule, timeZone: string, now: Date): Date | null {
  if (!d.enabled) return null;
  return nextRunAt(
    { cadence: d.cadence === "monthly" ? "monthly" : "weekly", weekday: d.weekday, monthDay: d.monthDay, sendHour: d.sendHour },
    timeZone,
    now,
  );
}

async function orgTimeZone(ctx: Pick<OrgContext, "db" | "orgId">): Promise<string> {
  const org = await ctx.db.organization.findUnique({ where: { id: ctx.orgId }, select: { timeZone: true } });
  if (!org) throw new NotFoundError("Organization");
  return org.timeZone;
}

/**
 * Scope and channels must name the organization's own objects: a foreign or unknown id is NOT_FOUND (it
 * never tells whether it exists elsewhere), a channel of a kind that cannot carry a report is a clear error.
 */
async function checkReferences(
  ctx: Pick<OrgContext, "db" | "orgId">,
  d: { scopeServerIds?: string[]; scopeDomains?: string[]; channelIds?: string[] },
): Promise<void> {
  if (d.scopeServerIds?.length) {
    const found = await ctx.db.mailServer.count({ where: { orgId: ctx.orgId, id: { in: d.scopeServerIds } } });
    if (found !== new Set(d.scopeServerIds).size) throw new NotFoundError("Mail server");
  }
  if (d.scopeDomains?.length) {
    const known = await ctx.db.sendingDomain.findMany({
      where: { orgId: ctx.orgId, domain: { in: d.scopeDomains } },
      select: { domain: true },
    });
    const missing = d.scopeDomains.filter((x) => !known.some((k) => k.domain === x));
    if (missing.length) throw new ValidationError(`Not a sending domain of this organization: ${missing.join(", ")}`);
  }
  if (d.channelIds?.length) {
    const channels = await ctx.db.alertChannel.findMany({
      where: { orgId: ctx.orgId, id: { in: d.channelIds } },
      select: { id: true, kind: true, name: true },
    });
    if (channels.length !== new Set(d.channelIds).size) throw new NotFoundError("Channel");
    const wrong = channels.filter((c) => !(REPORT_CHANNEL_KINDS as readonly string[]).includes(c.kind));
    if (wrong.length) {
      throw new ValidationError(
        `Reports go to Slack, Teams or webhook channels; email recipients are added as addresses (not: ${wrong.map((c) => c.name).join(", ")})`,
      );
    }
  }
}

export async function listReportDefinitions(ctx: OrgContext): Promise<ReportDefinitionRow[]> {
  return ctx.db.reportDefinition.findMany({ where: { orgId: ctx.orgId }, select: definitionSelect, orderBy: { createdAt: "asc" } });
}

export async function getReportDefinition(ctx: Pick<OrgContext, "db" | "orgId">, input: { id: string }): Promise<ReportDefinitionRow> {
  const row = await ctx.db.reportDefinition.findFirst({ where: { id: input.id, orgId: ctx.orgId }, select: definitionSelect });
  if (!row) throw new NotFoundError("Report");
  return row;
}

export async function createReportDefinition(
  ctx: OrgContext,
  input: TCreateReportDefinition,
  now = new Date(),
): Promise<ReportDefinitionRow> {
  const data = ZCreateReportDefinition.parse(input);
  await checkReferences(ctx, data);
  const timeZone = await orgTimeZone(ctx);
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.reportDefinition.create({
      data: {
        ...data,
        weekday: data.cadence === "weekly" ? data.weekday : null,
        monthDay: data.cadence === "monthly" ? data.monthDay : null,
        orgId: ctx.orgId,
        createdById: actorId(ctx.actor),
        nextRunAt: nextSendOf(data, timeZone, now),
      },
      select: definitionSelect,
    });
    await recordAudit(inTx(ctx, tx), {
      action: "report.create",
      targetType: "ReportDefinition",
      targetId: row.id,
      metadata: { name: row.name, cadence: row.cadence },
    });
    return row;
  });
}

export async function updateReportDefinition(
  ctx: OrgContext,
  input: TUpdateReportDefinition,
  now = new Date(),
): Promise<ReportDefinitionRow> {
  const { id, ...changes } = ZUpdateReportDefinition.parse(input);
  const current = await getReportDefinition(ctx, { id });
  const merged = { ...current, ...changes };
  const checked = ZStoredDefinitionRules.safeParse(merged);
  if (!checked.success) throw new ValidationError(checked.error.issues.map((i) => i.message).join("; "));
  await checkReferences(ctx, changes);
  const timeZone = await orgTimeZone(ctx);
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.reportDefinition.update({
      where: { id: current.id },
      data: {
        ...changes,
        weekday: merged.cadence === "weekly" ? merged.weekday : null,
        monthDay: merged.cadence === "monthly" ? merged.monthDay : null,
        nextRunAt: nextSendOf(merged, timeZone, now),
      },
      select: definitionSelect,
    });
    await recordAudit(inTx(ctx, tx), {
      action: "report.update",
      targetType: "ReportDefinition",
      targetId: row.id,
      metadata: { fields: Object.keys(changes) },
    });
    return row;
  });
}

/** Deletes the definition; its archived editions stay (they were sent) with their definition unset. */
export async function deleteReportDefinition(ctx: OrgContext, input: { id: string }): Promise<{ id: string }> {
  const current = await getReportDefinition(ctx, input);
  await ctx.db.$transaction(async (tx) => {
    await tx.reportDefinition.delete({ where: { id: current.id } });
    await recordAudit(inTx(ctx, tx), {
      action: "report.delete",
      targetType: "ReportDefinition",
      targetId: current.id,
      metadata: { name: current.name },
    });
  });
  return { id: current.id };
}

/** After the organization's time zone changed: every enabled definition's next send, recomputed in the new zone. */
export async function rescheduleReports(
  ctx: InTx<Pick<OrgContext, "db" | "orgId">>,
  input: { timeZone: string; now?: Date },
): Promise<void> {
  const rows = await ctx.db.reportDefinition.findMany({
    where: { orgId: ctx.orgId },
    select: { id: true, cadence: true, weekday: true, monthDay: true, sendHour: true, enabled: true },
  });
  for (const r of rows) {
    await ctx.db.reportDefinition.update({
      where: { id: r.id },
      data: { nextRunAt: nextSendOf(r, input.timeZone, input.now ?? new Date()) },
    });
  }
}
