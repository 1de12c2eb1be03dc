/**
 * Computed analytics views (issue 13 "Storage and speed"): the cohort tables, each experiment's results.
 * A pg-boss job computes them (refresh.ts) and stores them as the page renders them; pages read them
 * with the time of the last refresh, never compute them on load.
 */
import { type Prisma } from "@inboxwatch/db";

import { type OrgContext } from "../../context.ts";

export type ViewKind = "cohorts" | "experiment";

export interface StoredView<T> {
  data: T;
  computedAt: Date;
  durationMs: number;
  /** Events up to this DeliveryEvent id were counted. */
  watermark: bigint;
}

export async function saveView(
  ctx: Pick<OrgContext, "db" | "orgId">,
  input: { kind: ViewKind; key: string; data: Prisma.InputJsonValue; durationMs: number; watermark?: bigint; computedAt?: Date },
): Promise<void> {
  const values = {
    data: input.data,
    durationMs: Math.round(input.durationMs),
    watermark: input.watermark ?? 0n,
    computedAt: input.computedAt ?? new Date(),
  };
  await ctx.db.analyticsView.upsert({
    where: { orgId_kind_key: { orgId: ctx.orgId, kind: input.kind, key: input.key } },
    create: { orgId: ctx.orgId, kind: input.kind, key: input.key, ...values },
    update: values,
  });
}

/** The stored view, or null when no refresh has run yet. `parse` checks the JSON's shape (a zod schema's parse). */
export async function readView<T>(
  ctx: Pick<OrgContext, "db" | "orgId">,
  input: { kind: ViewKind; key: string; parse: (data: unknown) => T },
): Promise<StoredView<T> | null> {
  const row = await ctx.db.analyticsView.findUnique({
    where: { orgId_kind_key: { orgId: ctx.orgId, kind: input.kind, key: input.key } },
  });
  if (!row) return null;
  return { data: input.parse(row.data), computedAt: row.computedAt, durationMs: row.durationMs, watermark: row.watermark };
}

/** Drops views whose key is no longer wanted (a deleted experiment). */
export async function pruneViews(ctx: Pick<OrgContext, "db" | "orgId">, input: { kind: ViewKind; keepKeys: string[] }): Promise<void> {
  await ctx.db.analyticsView.deleteMany({ where: { orgId: ctx.orgId, kind: input.kind, key: { notIn: input.keepKeys } } });
}
