/**
 * The raw-report archive as users see it: list (with quarantine reasons), one report's metadata, and
 * reprocessing of a quarantined report after a parser fix or a raised limit.
 */
import { z } from "zod";

import { sendJob } from "@inboxwatch/jobs";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext } from "../context.ts";
import { ConflictError, NotFoundError } from "../errors.ts";

export const RAW_REPORT_STATUSES = ["PENDING", "PARSED", "DUPLICATE", "QUARANTINED"] as const;

export const ZListRawReports = z.object({
  status: z.enum(RAW_REPORT_STATUSES).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** Keyset cursor: the id of the last row of the previous page. */
  cursor: z.string().max(40).optional(),
});

/** Everything but the bytes, which can be 25 MiB each. */
const listSelect = {
  id: true,
  channel: true,
  receivedAt: true,
  sha256: true,
  sizeBytes: true,
  status: true,
  kind: true,
  rejectReason: true,
  rejectMessage: true,
  attempts: true,
  processedAt: true,
} as const;

export async function listRawReports(ctx: OrgContext, input: z.input<typeof ZListRawReports>) {
  const { status, limit, cursor } = ZListRawReports.parse(input);
  const rows = await ctx.db.rawReport.findMany({
    where: { orgId: ctx.orgId, ...(status ? { status } : {}) },
    select: listSelect,
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextCursor: more ? (items[items.length - 1]?.id ?? null) : null };
}

export async function getRawReport(ctx: OrgContext, input: { id: string }) {
  const row = await ctx.db.rawReport.findFirst({ where: { id: input.id, orgId: ctx.orgId }, select: { ...listSelect, dedupKey: true } });
  if (!row) throw new NotFoundError("Report");
  return row;
}

export async function countRawReports(ctx: OrgContext) {
  const groups = await ctx.db.rawReport.groupBy({ by: ["status"], where: { orgId: ctx.orgId }, _count: { _all: true } });
  const counts: Record<(typeof RAW_REPORT_STATUSES)[number], number> = { PENDING: 0, PARSED: 0, DUPLICATE: 0, QUARANTINED: 0 };
  for (const g of groups) counts[g.status] = g._count._all;
  return counts;
}

/** Puts a quarantined report back in the queue; the job parses it again with the current parser. */
export async function reprocessReport(ctx: OrgContext, input: { id: string }) {
  const current = await getRawReport(ctx, input);
  if (current.status !== "QUARANTINED") throw new ConflictError("Only quarantined reports can be reprocessed");
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.rawReport.updateMany({
      where: { id: current.id, orgId: ctx.orgId, status: "QUARANTINED" },
      data: { status: "PENDING", rejectReason: null, rejectMessage: null, processedAt: null },
    });
    if (count === 0) throw new ConflictError("The report changed meanwhile; reload");
    await sendJob("reports.process", { orgId: ctx.orgId, rawReportId: current.id }, { tx });
    await recordAudit(inTx(ctx, tx), {
      action: "report.reprocess",
      targetType: "RawReport",
      targetId: current.id,
      metadata: { previousReason: current.rejectReason },
    });
  });
  return { id: current.id, status: "PENDING" as const };
}
