/**
 * Complaints (ARF feedback, RFC 5965) and DMARC failure reports (RFC 6591): counts over time, per
 * reporting provider (with the complaint rate where delivery volumes from the logs are known), per
 * campaign or list, and the suppression list (complained recipients) as CSV.
 */
import { z } from "zod";

import { providerFor } from "@inboxwatch/deliverability/logs";

import { type OrgContext } from "../context.ts";
import { decryptSecret } from "../crypto/secret-box.ts";

export const ZComplaintWindow = z.object({ days: z.number().int().min(1).max(10_000).default(30) });

/** Rows of one suppression export: enough for any list, bounded so one request stays small. */
export const SUPPRESSION_EXPORT_MAX_ROWS = 50_000;

const n = (v: bigint | number | null | undefined): number => Number(v ?? 0);
const since = (days: number) => new Date(Date.now() - days * 86_400_000);

/** The mailbox provider behind a feedback reporter (a Reporting-MTA host, or a User-Agent like "Yahoo!-Mail-Feedback/2.0"). */
export function providerOfReporter(reporter: string): string {
  const host = reporter.toLowerCase().replace(/^dns;\s*/, "");
  const byHost = /^[a-z0-9.-]+\.[a-z]{2,}$/.test(host) ? providerFor(host.split(".").slice(-2).join("."), host) : "other";
  if (byHost !== "other") return byHost;
  for (const name of ["yahoo", "aol", "microsoft", "hotmail", "outlook", "comcast", "gmx", "mailru", "yandex", "apple", "google"]) {
    if (host.includes(name)) return name === "aol" ? "yahoo" : name === "hotmail" || name === "outlook" ? "microsoft" : name;
  }
  return host || "unknown";
}

export async function complaintSummary(ctx: OrgContext, input: z.input<typeof ZComplaintWindow>) {
  const { days } = ZComplaintWindow.parse(input);
  const from = since(days);
  const [byReporter, byCampaign, byType, series] = await Promise.all([
    ctx.db.complaint.groupBy({ by: ["reporter"], where: { orgId: ctx.orgId, arrivalAt: { gte: from } }, _count: { _all: true } }),
    ctx.db.$queryRawUnsafe<{ key: string | null; total: bigint }[]>(
      `select coalesce(campaign, "listId") as key, count(*) as total from "Complaint" where "orgId" = $1 and "arrivalAt" >= $2 group by 1 order by total desc limit 100`,
      ctx.orgId,
      from,
    ),
    ctx.db.complaint.groupBy({
      by: ["kind", "feedbackType"],
      where: { orgId: ctx.orgId, arrivalAt: { gte: from } },
      _count: { _all: true },
    }),
    ctx.db.$queryRawUnsafe<{ day: Date; total: bigint }[]>(
      `select date_trunc('day', "arrivalAt") as day, count(*) as total from "Complaint" where "orgId" = $1 and "arrivalAt" >= $2 and kind = 'ARF' group by 1 order by 1`,
      ctx.orgId,
      from,
    ),
  ]);
  // Delivered volume per provider from the log pipeline's rollups, when logs are shipped.
  const delivered = await ctx.db.$queryRawUnsafe<{ provider: string; total: bigint }[]>(
    `select provider, sum(count) as total from "DeliveryRollup" where "orgId" = $1 and hour >= $2 and status = 'sent' group by provider`,
    ctx.orgId,
    from,
  );
  const deliveredBy = new Map(delivered.map((d) => [d.provider, n(d.total)]));
  const providers = new Map<string, number>();
  for (const r of byReporter) {
    const p = providerOfReporter(r.reporter);
    providers.set(p, (providers.get(p) ?? 0) + r._count._all);
  }
  return {
    total: byType.filter((t) => t.kind === "ARF").reduce((a, t) => a + t._count._all, 0),
    failureReports: byType.filter((t) => t.kind === "DMARC_FAILURE").reduce((a, t) => a + t._count._all, 0),
    byFeedbackType: byType.map((t) => ({ kind: t.kind, feedbackType: t.feedbackType, total: t._count._all })),
    byProvider: [...providers]
      .map(([provider, total]) => {
        const sent = deliveredBy.get(provider) ?? null;
        return { provider, total, delivered: sent, ratePct: sent ? Math.round((total / sent) * 1_000_000) / 10_000 : null };
      })
      .sort((a, b) => b.total - a.total),
    byCampaign: byCampaign.map((c) => ({ campaign: c.key ?? "(none)", total: n(c.total) })),
    series: series.map((s) => ({ day: s.day.toISOString().slice(0, 10), total: n(s.total) })),
  };
}

export const ZListComplaints = ZComplaintWindow.extend({ limit: z.number().int().min(1).max(200).default(50) });

export async function listComplaints(ctx: OrgContext, input: z.input<typeof ZListComplaints>) {
  const { days, limit } = ZListComplaints.parse(input);
  return ctx.db.complaint.findMany({
    where: { orgId: ctx.orgId, arrivalAt: { gte: since(days) } },
    orderBy: { arrivalAt: "desc" },
    take: limit,
    select: {
      id: true,
      kind: true,
      feedbackType: true,
      reporter: true,
      arrivalAt: true,
      sourceIp: true,
      authFailure: true,
      originalMessageId: true,
      originalFrom: true,
      originalSubject: true,
      listId: true,
      campaign: true,
      recipientHashes: true,
    },
  });
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** Complained recipients (abuse/opt-out feedback), newest complaint first, one row per address: CSV. */
export async function exportSuppressionList(ctx: OrgContext): Promise<{ csv: string; rows: number }> {
  const complaints = await ctx.db.complaint.findMany({
    where: { orgId: ctx.orgId, kind: "ARF", recipientsEnc: { not: null } },
    orderBy: { arrivalAt: "desc" },
    take: SUPPRESSION_EXPORT_MAX_ROWS,
    select: { recipientsEnc: true, feedbackType: true, reporter: true, arrivalAt: true, recipientHashes: true },
  });
  const seen = new Set<string>();
  const lines = ["email,recipient_hash,feedback_type,reporter,complained_at"];
  for (const c of complaints) {
    if (!c.recipientsEnc) continue;
    const addresses = JSON.parse(decryptSecret(c.recipientsEnc, ctx.orgId)) as string[];
    addresses.forEach((address, i) => {
      const email = address.trim().toLowerCase();
      if (seen.has(email)) return;
      seen.add(email);
      lines.push([email, c.recipientHashes[i] ?? "", c.feedbackType, c.reporter, c.arrivalAt.toISOString()].map(csvCell).join(","));
    });
  }
  return { csv: `${lines.join("\n")}\n`, rows: lines.length - 1 };
}
