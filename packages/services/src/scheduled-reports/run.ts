/**
 * Running reports (issue 14 point 5): the schedule sweep creates each due run's edition and queues its
 * build; the build freezes the figures, renders the PDF and queues one delivery per recipient and channel
 * in the transaction that marks the edition ready; each delivery is claimed before it is sent and marked
 * after, so a worker killed mid-run resumes without sending anyone the report twice.
 */
import { type Prisma } from "@inboxwatch/db";
import { sendJob } from "@inboxwatch/jobs";
import { type ReportAudience, type ReportCadence, type ReportFigures } from "@inboxwatch/reporting/figures";
import { renderReportHtml } from "@inboxwatch/reporting/render";
import { type LocalPeriod, nextRunAt, periodForRun, periodStartingAt } from "@inboxwatch/reporting/schedule";

import { recordAudit } from "../audit/record.ts";
import { forOrg, inTx, type OrgContext, type SystemContext } from "../context.ts";
import { encryptSecret } from "../crypto/secret-box.ts";
import { jsonInput } from "../json/column.ts";
import { queueMail } from "../mail/sealed-mail.ts";
import { composeReport, orgUrlOf, reportTitle } from "./compose.ts";
import { getReportDefinition } from "./definitions.ts";
import { DELIVERY_SHARE_DAYS, insertShare } from "./shares.ts";

/** Definitions taken per sweep; a larger backlog is taken by the next sweep five minutes later. */
export const SCHEDULE_SWEEP_MAX = 2_000;
/** 1 + the build job's retryLimit: the attempt that fails this many times marks the edition failed. */
export const MAX_BUILD_ATTEMPTS = 4;
const DAY_MS = 86_400_000;

export type PdfRenderer = (html: string, meta: { title: string; orgName: string }) => Promise<Uint8Array>;

const asCadence = (c: string): ReportCadence => (c === "monthly" ? "monthly" : "weekly");
const asAudience = (a: string): ReportAudience => (a === "ops" || a === "marketing" ? a : "leadership");

function scheduleOf(d: { cadence: string; weekday: number | null; monthDay: number | null; sendHour: number }) {
  return { cadence: asCadence(d.cadence), weekday: d.weekday, monthDay: d.monthDay, sendHour: d.sendHour };
}

/**
 * Every due definition of every organization: its run's edition (idempotent on definition × period key),
 * the build job in the same transaction, and the next send computed from the run's own time, so a worker
 * that was down sends one late report, not one per missed week.
 */
export async function scheduleDueReports(ctx: SystemContext, input: { now?: Date } = {}): Promise<{ due: number; queued: number }> {
  const now = input.now ?? new Date();
  const due = await ctx.db.reportDefinition.findMany({
    where: { enabled: true, nextRunAt: { lte: now } },
    select: {
      id: true,
      orgId: true,
      name: true,
      cadence: true,
      weekday: true,
      monthDay: true,
      sendHour: true,
      audience: true,
      nextRunAt: true,
      org: { select: { timeZone: true } },
    },
    orderBy: { nextRunAt: "asc" },
    take: SCHEDULE_SWEEP_MAX,
  });
  let queued = 0;
  for (const d of due) {
    if (!d.nextRunAt) continue;
    const runAt = d.nextRunAt;
    const schedule = scheduleOf(d);
    const period = periodForRun(schedule, d.org.timeZone, runAt);
    const next = nextRunAt(schedule, d.org.timeZone, runAt > now ? runAt : now);
    const created = await ctx.db.$transaction(async (tx) => {
      // Claimed by moving nextRunAt: a concurrent sweep that read the same row updates nothing and stops.
      const claimed = await tx.reportDefinition.updateMany({
        where: { id: d.id, nextRunAt: runAt },
        data: { nextRunAt: next, lastRunAt: runAt },
      });
      if (claimed.count === 0) return false;
      const edition = await createEdition(tx, {
        orgId: d.orgId,
        definitionId: d.id,
        runKey: period.key,
        cadence: schedule.cadence,
        audience: asAudience(d.audience),
        period,
      });
      if (!edition) return false;
      await sendJob("report.build", { editionId: edition.id }, { tx });
      return true;
    });
    if (created) queued++;
  }
  return { due: due.length, queued };
}

async function createEdition(
  tx: Prisma.TransactionClient,
  input: { orgId: string; definitionId: string; runKey: string; cadence: ReportCadence; audience: ReportAudience; period: LocalPeriod },
): Promise<{ id: string } | null> {
  const existing = await tx.reportEdition.findUnique({
    where: { definitionId_runKey: { definitionId: input.definitionId, runKey: input.runKey } },
    select: { id: true },
  });
  if (existing) return null;
  return tx.reportEdition.create({
    data: {
      orgId: input.orgId,
      definitionId: input.definitionId,
      runKey: input.runKey,
      title: `${reportTitle(input.cadence, input.audience)} · ${input.period.label}`,
      cadence: input.cadence,
      audience: input.audience,
      periodFrom: input.period.from,
      periodTo: input.period.to,
    },
    select: { id: true },
  });
}

/** "Send now": the period a run at this moment would cover, built and sent as its own edition. */
export async function sendReportNow(ctx: OrgContext, input: { id: string }, now = new Date()): Promise<{ editionId: string }> {
  const d = await getReportDefinition(ctx, input);
  const org = await ctx.db.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { timeZone: true } });
  const schedule = scheduleOf(d);
  const period = periodForRun(schedule, org.timeZone, now);
  return ctx.db.$transaction(async (tx) => {
    const edition = await tx.reportEdition.create({
      data: {
        orgId: ctx.orgId,
        definitionId: d.id,
        runKey: `manual:${now.getTime()}:${Math.random().toString(36).slice(2, 10)}`,
        title: `${reportTitle(schedule.cadence, asAudience(d.audience))} · ${period.label}`,
        cadence: schedule.cadence,
        audience: d.audience,
        periodFrom: period.from,
        periodTo: period.to,
      },
      select: { id: true },
    });
    await sendJob("report.build", { editionId: edition.id }, { tx });
    await recordAudit(inTx(ctx, tx), {
      action: "report.send",
      targetType: "ReportDefinition",
      targetId: d.id,
      metadata: { editionId: edition.id, period: period.key },
    });
    return { editionId: edition.id };
  });
}

/** "Preview": the report a run at this moment would send, computed now and not archived. */
export async function previewReport(
  ctx: OrgContext,
  input: { id: string },
  now = new Date(),
): Promise<{ figures: ReportFigures; html: string }> {
  const d = await getReportDefinition(ctx, input);
  const org = await ctx.db.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { timeZone: true } });
  const schedule = scheduleOf(d);
  const figures = await composeReport(ctx, {
    request: {
      cadence: schedule.cadence,
      audience: asAudience(d.audience),
      scopeDomains: d.scopeDomains,
      scopeServerIds: d.scopeServerIds,
      scopeCampaigns: d.scopeCampaigns,
    },
    period: periodForRun(schedule, org.timeZone, now),
    now,
  });
  return { figures, html: renderReportHtml(figures) };
}

interface Recipient {
  channel: "email" | "slack" | "teams" | "webhook";
  target: string;
  targetLabel: string;
  /** External addresses and channels cannot sign in: they get a share link. */
  needsShareLink: boolean;
}

async function recipientsOf(
  tx: Prisma.TransactionClient,
  orgId: string,
  d: { recipientRoles: string[]; recipientEmails: string[]; channelIds: string[] },
): Promise<Recipient[]> {
  const members = d.recipientRoles.length
    ? await tx.membership.findMany({
        where: { orgId, role: { in: d.recipientRoles as Prisma.EnumRoleFilter["in"] } },
        select: { user: { select: { email: true } } },
      })
    : [];
  const memberEmails = new Set(members.map((m) => m.user.email.toLowerCase()));
  const channels = d.channelIds.length
    ? await tx.alertChannel.findMany({
        where: { orgId, id: { in: d.channelIds }, kind: { in: ["slack", "teams", "webhook"] } },
        select: { id: true, kind: true, name: true },
      })
    : [];
  const emails = new Set([...memberEmails, ...d.recipientEmails.map((e) => e.toLowerCase())]);
  return [
    ...[...emails]
      .sort()
      .map((email) => ({ channel: "email" as const, target: email, targetLabel: email, needsShareLink: !memberEmails.has(email) })),
    ...channels.map((c) => ({ channel: c.kind as "slack" | "teams" | "webhook", target: c.id, targetLabel: c.name, needsShareLink: true })),
  ];
}

export type BuildOutcome =
  { status: "ready"; deliveries: number } | { status: "failed"; error: string } | { status: "skipped"; reason: string };

/**
 * Builds one edition. Throws on a failure that may pass (the job retries); on the last allowed attempt it
 * marks the edition failed and mails the organization's owners and admins instead.
 */
export async function buildReportEdition(
  ctx: SystemContext,
  input: { editionId: string; now?: Date },
  deps: { renderPdf: PdfRenderer },
): Promise<BuildOutcome> {
  const now = input.now ?? new Date();
  const edition = await ctx.db.reportEdition.findUnique({
    where: { id: input.editionId },
    select: {
      id: true,
      orgId: true,
      status: true,
      buildAttempts: true,
      cadence: true,
      audience: true,
      periodFrom: true,
      periodTo: true,
      title: true,
      org: { select: { name: true, slug: true, timeZone: true } },
      definition: {
        select: {
          id: true,
          name: true,
          cadence: true,
          weekday: true,
          monthDay: true,
          sendHour: true,
          scopeDomains: true,
          scopeServerIds: true,
          scopeCampaigns: true,
          recipientRoles: true,
          recipientEmails: true,
          channelIds: true,
        },
      },
    },
  });
  if (!edition) return { status: "skipped", reason: "gone" };
  if (edition.status !== "building") return { status: "skipped", reason: `already ${edition.status}` };
  if (!edition.definition) return markFailed(ctx, edition, "the report definition was deleted before the report was built");
  const attempt = edition.buildAttempts + 1;
  await ctx.db.reportEdition.update({ where: { id: edition.id }, data: { buildAttempts: attempt } });
  const d = edition.definition;
  try {
    // The period the edition names, even if the zone changed between scheduling and building.
    const period = periodStartingAt(edition.periodFrom, asCadence(edition.cadence), edition.org.timeZone);
    const figures = await composeReport(forOrg(ctx, edition.orgId), {
      request: {
        cadence: asCadence(edition.cadence),
        audience: asAudience(edition.audience),
        scopeDomains: d.scopeDomains,
        scopeServerIds: d.scopeServerIds,
        scopeCampaigns: d.scopeCampaigns,
      },
      period,
      now,
    });
    const pdf = await deps.renderPdf(renderReportHtml(figures), { title: edition.title, orgName: edition.org.name });
    return await ctx.db.$transaction(async (tx) => {
      const recipients = await recipientsOf(tx, edition.orgId, d);
      const share = recipients.some((r) => r.needsShareLink)
        ? await insertShare(
            { db: tx },
            {
              orgId: edition.orgId,
              editionId: edition.id,
              expiresAt: new Date(now.getTime() + DELIVERY_SHARE_DAYS * DAY_MS),
              createdById: null,
            },
          )
        : null;
      await tx.reportEdition.update({
        where: { id: edition.id },
        data: { status: "ready", figures: jsonInput(figures), pdf: Buffer.from(pdf), builtAt: now, error: null },
      });
      for (const r of recipients) {
        const delivery = await tx.reportDelivery.create({
          data: {
            orgId: edition.orgId,
            editionId: edition.id,
            channel: r.channel,
            target: r.target,
            targetLabel: r.targetLabel,
            shareTokenEnc: r.needsShareLink && share ? encryptSecret(share.token, edition.orgId) : null,
          },
          select: { id: true },
        });
        await sendJob("report.deliver", { deliveryId: delivery.id }, { tx });
      }
      return { status: "ready" as const, deliveries: recipients.length };
    });
  } catch (error) {
    if (attempt < MAX_BUILD_ATTEMPTS) throw error;
    return markFailed(ctx, edition, error instanceof Error ? error.message : String(error));
  }
}

/** The edition is failed and the owners and admins are told why, by email, in one transaction. */
async function markFailed(
  ctx: SystemContext,
  edition: { id: string; orgId: string; title: string; org: { name: string; slug: string } },
  reason: string,
): Promise<BuildOutcome> {
  const error = reason.slice(0, 500);
  await ctx.db.$transaction(async (tx) => {
    await tx.reportEdition.update({ where: { id: edition.id }, data: { status: "failed", error } });
    const admins = await tx.membership.findMany({
      where: { orgId: edition.orgId, role: { in: ["OWNER", "ADMIN"] } },
      select: { user: { select: { email: true } } },
    });
    const link = `${orgUrlOf(edition.org.slug)}/scheduled-reports/${edition.id}`;
    for (const { user } of admins) {
      await queueMail(
        { db: tx },
        {
          to: user.email,
          content: {
            subject: `Report not sent: ${edition.title}`,
            text: `The report "${edition.title}" of ${edition.org.name} could not be built, so it was not sent to anyone (nothing half-empty goes out).\n\nReason: ${error}\n\nOpen it to see the details and send it again once the cause is fixed: ${link}\n`,
          },
        },
      );
    }
  });
  return { status: "failed", error };
}
