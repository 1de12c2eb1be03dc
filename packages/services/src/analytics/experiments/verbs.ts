/**
 * Experiment verbs: list, get (with the stored result view), create, update, stop, delete — each write
 * audited in its transaction and followed by a queued refresh of the organization's views, so the
 * results follow a change without anyone computing them on page load.
 */
import { type Experiment, type Prisma } from "@inboxwatch/db";

import { recordAudit } from "../../audit/record.ts";
import { inTx, type OrgContext } from "../../context.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import { queueAnalyticsRefresh, type ViewRefresher } from "../views/refresh.ts";
import { readView, saveView } from "../views/store.ts";
import { computeExperimentResults } from "./compute.ts";
import {
  type ExperimentVariant,
  type ExperimentView,
  normalizeVariants,
  type TCreateExperiment,
  type TUpdateExperiment,
  ZCreateExperiment,
  ZExperimentView,
  ZStoredVariants,
  ZUpdateExperiment,
} from "./schema.ts";

/**
 * A refresh queued by an edit waits this long, so a few quick edits are computed once. It is queued in
 * the write's own transaction: the job commits with the change that asked for it.
 */
const REFRESH_AFTER_EDIT_SECONDS = 5;

export interface ExperimentRow extends Omit<Experiment, "variants" | "orgId"> {
  variants: ExperimentVariant[];
}

const select = {
  id: true,
  name: true,
  hypothesis: true,
  changeKind: true,
  assignBy: true,
  campaign: true,
  variants: true,
  metric: true,
  design: true,
  alpha: true,
  mde: true,
  attributionDays: true,
  startsAt: true,
  endsAt: true,
  status: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.ExperimentSelect;

function toRow(r: Prisma.ExperimentGetPayload<{ select: typeof select }>): ExperimentRow {
  return { ...r, variants: ZStoredVariants.parse(r.variants) };
}

async function findExperiment(ctx: Pick<OrgContext, "db" | "orgId">, id: string): Promise<ExperimentRow> {
  const row = await ctx.db.experiment.findFirst({ where: { id, orgId: ctx.orgId }, select });
  if (!row) throw new NotFoundError("Experiment");
  return toRow(row);
}

const parseView = (data: unknown) => ZExperimentView.parse(data);

/** The result as stored by the last refresh, and whether the experiment changed since (results are then stale). */
export interface ExperimentResultState {
  view: ExperimentView | null;
  computedAt: Date | null;
  durationMs: number | null;
  stale: boolean;
}

function resultState(
  e: ExperimentRow,
  stored: { data: ExperimentView; computedAt: Date; durationMs: number } | null,
): ExperimentResultState {
  if (!stored) return { view: null, computedAt: null, durationMs: null, stale: true };
  return { view: stored.data, computedAt: stored.computedAt, durationMs: stored.durationMs, stale: stored.computedAt < e.updatedAt };
}

export async function listExperiments(ctx: OrgContext) {
  const rows = (await ctx.db.experiment.findMany({ where: { orgId: ctx.orgId }, select, orderBy: { createdAt: "desc" } })).map(toRow);
  const views = await ctx.db.analyticsView.findMany({
    where: { orgId: ctx.orgId, kind: "experiment", key: { in: rows.map((r) => r.id) } },
    select: { key: true, data: true, computedAt: true, durationMs: true },
  });
  const byId = new Map(views.map((v) => [v.key, v]));
  return rows.map((e) => {
    const v = byId.get(e.id);
    const parsed = v ? ZExperimentView.safeParse(v.data) : null;
    return {
      ...e,
      result: resultState(e, v && parsed?.success ? { data: parsed.data, computedAt: v.computedAt, durationMs: v.durationMs } : null),
    };
  });
}

export async function getExperiment(ctx: OrgContext, input: { id: string }) {
  const e = await findExperiment(ctx, input.id);
  const stored = await readView(ctx, { kind: "experiment", key: e.id, parse: parseView });
  return { ...e, result: resultState(e, stored) };
}

export async function createExperiment(ctx: OrgContext, input: TCreateExperiment): Promise<ExperimentRow> {
  const data = ZCreateExperiment.parse(input);
  const variants = normalizeVariants(data.assignBy, data.variants);
  const row = await ctx.db.$transaction(async (tx) => {
    const created = await tx.experiment.create({ data: { ...data, orgId: ctx.orgId, variants, status: "RUNNING" }, select });
    await recordAudit(inTx(ctx, tx), {
      action: "analytics.experiment.create",
      targetType: "Experiment",
      targetId: created.id,
      metadata: { name: created.name, metric: created.metric, design: created.design, variants: variants.map((v) => v.key) },
    });
    await queueAnalyticsRefresh(inTx(ctx, tx), { delaySeconds: REFRESH_AFTER_EDIT_SECONDS });
    return created;
  });
  return toRow(row);
}

/** Changes any setting; the merged experiment is checked as a whole (dates, keys) before anything is written. */
export async function updateExperiment(ctx: OrgContext, input: TUpdateExperiment): Promise<ExperimentRow> {
  const { id, ...parsed } = ZUpdateExperiment.parse(input);
  // Only the fields the caller sent (a partial schema would fill the others with their defaults).
  const patch = Object.fromEntries(Object.entries(parsed).filter(([k, v]) => k in input && v !== undefined));
  const current = await findExperiment(ctx, id);
  const merged = ZCreateExperiment.safeParse({ ...current, ...patch });
  if (!merged.success) {
    const first = merged.error.issues[0];
    throw new ValidationError(first ? `${first.path.join(".") || "experiment"}: ${first.message}` : "Invalid experiment", {
      issues: merged.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  const data = merged.data;
  const variants = normalizeVariants(data.assignBy, data.variants);
  const row = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.experiment.update({ where: { id: current.id, orgId: ctx.orgId }, data: { ...data, variants }, select });
    await recordAudit(inTx(ctx, tx), {
      action: "analytics.experiment.update",
      targetType: "Experiment",
      targetId: updated.id,
      metadata: { name: updated.name, changed: Object.keys(patch) },
    });
    await queueAnalyticsRefresh(inTx(ctx, tx), { delaySeconds: REFRESH_AFTER_EDIT_SECONDS });
    return updated;
  });
  return toRow(row);
}

/** Stops counting: the window ends now (or at its planned end if that came first). Stopping twice changes nothing. */
export async function stopExperiment(ctx: OrgContext, input: { id: string; now?: Date }): Promise<ExperimentRow> {
  const current = await findExperiment(ctx, input.id);
  if (current.status === "STOPPED") return current;
  const now = input.now ?? new Date();
  const endsAt = current.endsAt && current.endsAt < now ? current.endsAt : now;
  if (endsAt <= current.startsAt) throw new ValidationError("This experiment has not started yet: delete it instead of stopping it");
  const row = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.experiment.update({
      where: { id: current.id, orgId: ctx.orgId },
      data: { status: "STOPPED", endsAt },
      select,
    });
    await recordAudit(inTx(ctx, tx), {
      action: "analytics.experiment.stop",
      targetType: "Experiment",
      targetId: updated.id,
      metadata: { name: updated.name, endsAt: endsAt.toISOString() },
    });
    await queueAnalyticsRefresh(inTx(ctx, tx), { delaySeconds: 0 });
    return updated;
  });
  return toRow(row);
}

/** Deletes the experiment and its stored results (the messages and their tags stay). */
export async function deleteExperiment(ctx: OrgContext, input: { id: string }): Promise<{ deleted: true }> {
  const current = await findExperiment(ctx, input.id);
  await ctx.db.$transaction(async (tx) => {
    await tx.experiment.delete({ where: { id: current.id, orgId: ctx.orgId } });
    await tx.analyticsView.deleteMany({ where: { orgId: ctx.orgId, kind: "experiment", key: current.id } });
    await recordAudit(inTx(ctx, tx), {
      action: "analytics.experiment.delete",
      targetType: "Experiment",
      targetId: current.id,
      metadata: { name: current.name },
    });
  });
  return { deleted: true };
}

/** Queues a refresh of the organization's views now (the "Refresh now" button). */
export async function refreshExperiments(ctx: OrgContext): Promise<{ queued: true }> {
  await queueAnalyticsRefresh(ctx, { delaySeconds: 0 });
  return { queued: true };
}

/**
 * Recomputes every RUNNING experiment, and a STOPPED one whose results predate its last change (the stop
 * itself included); a stopped experiment's window is closed, so its results are final after that.
 * Views of deleted experiments are dropped.
 */
export async function refreshExperimentViews(
  ctx: Pick<OrgContext, "db" | "orgId">,
  input: { now?: Date } = {},
): Promise<{ computed: string[] }> {
  const rows = await ctx.db.experiment.findMany({ where: { orgId: ctx.orgId } });
  const views = await ctx.db.analyticsView.findMany({
    where: { orgId: ctx.orgId, kind: "experiment" },
    select: { key: true, computedAt: true },
  });
  const computedAt = new Map(views.map((v) => [v.key, v.computedAt]));
  const computed: string[] = [];
  for (const e of rows) {
    const last = computedAt.get(e.id);
    const due = e.status === "RUNNING" || (e.status === "STOPPED" && (!last || last < e.updatedAt));
    if (!due) continue;
    const started = performance.now();
    const data = await computeExperimentResults(ctx, { experiment: e, now: input.now });
    await saveView(ctx, { kind: "experiment", key: e.id, data, durationMs: performance.now() - started });
    computed.push(e.id);
  }
  const stale = views.map((v) => v.key).filter((k) => !rows.some((e) => e.id === k));
  if (stale.length) await ctx.db.analyticsView.deleteMany({ where: { orgId: ctx.orgId, kind: "experiment", key: { in: stale } } });
  return { computed };
}

export const experimentsRefresher: ViewRefresher = {
  kind: "experiment",
  refresh: async (ctx) => {
    await refreshExperimentViews(ctx);
  },
};
