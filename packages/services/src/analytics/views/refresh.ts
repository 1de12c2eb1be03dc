/**
 * Refreshing the computed analytics views of one organization: the `analytics.refresh` job runs every
 * refresher in turn. Each refresher recomputes its views from the organization's events, profiles and
 * conversions and stores them (store.ts) with the time it took; one that fails does not stop the others,
 * and the job fails afterwards so pg-boss retries it.
 */
import { Prisma } from "@inboxwatch/db";
import { sendJob } from "@inboxwatch/jobs";

import { forOrg, type InTx, type OrgContext, type SystemContext } from "../../context.ts";
import { refreshCohorts } from "../cohorts/compute.ts";
import { type ViewKind } from "./store.ts";

export interface ViewRefresher {
  kind: ViewKind;
  refresh(ctx: OrgContext): Promise<void>;
}

/** Every computed view, refreshed in this order. Cohorts and experiments register theirs here. */
export const VIEW_REFRESHERS: ViewRefresher[] = [
  {
    kind: "cohorts",
    refresh: async (ctx) => {
      await refreshCohorts(ctx);
    },
  },
];

export interface RefreshSummary {
  refreshed: ViewKind[];
  failed: { kind: ViewKind; message: string }[];
}

export async function refreshAnalyticsViews(ctx: OrgContext, input: { kinds?: ViewKind[] } = {}): Promise<RefreshSummary> {
  const summary: RefreshSummary = { refreshed: [], failed: [] };
  for (const r of VIEW_REFRESHERS) {
    if (input.kinds && !input.kinds.includes(r.kind)) continue;
    try {
      await r.refresh(ctx);
      summary.refreshed.push(r.kind);
    } catch (err) {
      summary.failed.push({ kind: r.kind, message: err instanceof Error ? err.message : String(err) });
    }
  }
  if (summary.failed.length > 0) {
    throw new Error(`Analytics views failed to refresh: ${summary.failed.map((f) => `${f.kind}: ${f.message}`).join("; ")}`);
  }
  return summary;
}

/**
 * Queues a refresh of the organization's views, `delaySeconds` from now so that a burst of ingested
 * batches or imports is counted by one run (the job's singleton key keeps one queued per organization).
 */
export async function queueAnalyticsRefresh(
  ctx: Pick<OrgContext, "orgId"> & Partial<Pick<InTx<OrgContext>, "db">>,
  input: { delaySeconds?: number } = {},
): Promise<void> {
  // Through the caller's client when it has one (a web process never starts pg-boss; a transaction's
  // client commits the job with the write that asked for it).
  await sendJob(
    "analytics.refresh",
    { orgId: ctx.orgId },
    { startAfterSeconds: input.delaySeconds ?? 30, ...(ctx.db ? { tx: ctx.db } : {}) },
  );
}

/**
 * An organization has computed views to keep fresh when it has experiments or imported profiles / tags:
 * without them a refresh would only recompute an "(unknown source)" cohort over every event. `orgId` is
 * a column reference or a bound value.
 */
function usesAnalyticsViews(orgId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(exists (select 1 from "Experiment" e where e."orgId" = ${orgId})
    or exists (select 1 from "RecipientProfile" p where p."orgId" = ${orgId})
    or exists (select 1 from "MessageTag" t where t."orgId" = ${orgId}))`;
}

/** After ingested batches: queue a refresh only for an organization whose views depend on events. */
export async function queueAnalyticsRefreshIfUsed(
  ctx: Pick<OrgContext, "orgId"> & Pick<InTx<OrgContext>, "db">,
  input: { delaySeconds?: number } = {},
): Promise<boolean> {
  const [row] = await ctx.db.$queryRaw<{ used: boolean }[]>`select ${usesAnalyticsViews(Prisma.sql`${ctx.orgId}`)} as "used"`;
  if (!row?.used) return false;
  await queueAnalyticsRefresh(ctx, input);
  return true;
}

/** The scheduled sweep: a refresh for every organization with experiments or imported profiles / tags. */
export async function queueScheduledAnalyticsRefresh(ctx: SystemContext): Promise<number> {
  const rows = await ctx.db.$queryRaw<{ orgId: string }[]>`
    select "id" as "orgId" from "Organization" o where ${usesAnalyticsViews(Prisma.raw(`o."id"`))}`;
  for (const r of rows) await queueAnalyticsRefresh(forOrg(ctx, r.orgId), { delaySeconds: 0 });
  return rows.length;
}
