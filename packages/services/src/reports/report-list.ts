/**
 * The parsed reports one by one (issue 21 item 12): every DMARC aggregate, TLS report and complaint as a
 * row, newest first, and one report in detail. Three tables are merged by a keyset cursor on
 * (time, id), so a page never skips or repeats a row when reports arrive meanwhile.
 *
 * No file name is kept by any intake channel (RawReport stores bytes, channel and time only), so the
 * list shows the channel and the time received instead.
 */
import { z } from "zod";

import { type OrgContext } from "../context.ts";
import { NotFoundError, ValidationError } from "../errors.ts";

export const REPORT_LIST_KINDS = ["DMARC_AGGREGATE", "TLS_RPT", "COMPLAINT"] as const;
export type TReportListKind = (typeof REPORT_LIST_KINDS)[number];

/** Records shown in one report's detail; a provider's report rarely has more, and the analytics views cover the rest. */
export const REPORT_DETAIL_MAX_RECORDS = 500;

export const ZListReports = z.object({
  kind: z.enum(REPORT_LIST_KINDS).optional(),
  domain: z.string().trim().toLowerCase().max(253).optional(),
  limit: z.number().int().min(1).max(100).default(25),
  /** Keyset cursor: `nextCursor` of the previous page ("<ISO time>|<id>"). */
  cursor: z.string().max(80).optional(),
});

export interface ReportListItem {
  id: string;
  kind: TReportListKind;
  reporter: string;
  /** Policy domain (DMARC), the policies' domains (TLS), the From domain (complaint) when known. */
  domains: string[];
  /** False when one of `domains` is not a sending domain of the organization: shown with a badge. */
  isInInventory: boolean;
  beginAt: Date;
  endAt: Date;
  /** Messages (DMARC), sessions (TLS), 1 (complaint). */
  messageCount: number;
  recordCount: number;
  channel: string | null;
  receivedAt: Date | null;
  status: string;
}

interface Cursor {
  at: Date;
  id: string;
}

function decodeCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  const [iso, id] = cursor.split("|");
  const at = new Date(iso ?? "");
  if (!id || Number.isNaN(at.getTime())) throw new ValidationError("Invalid cursor");
  return { at, id };
}

/** Rows strictly after the cursor in (time desc, id desc) order. */
function after(field: "beginAt" | "arrivalAt", c: Cursor | null) {
  if (!c) return {};
  return { OR: [{ [field]: { lt: c.at } }, { [field]: c.at, id: { lt: c.id } }] };
}

const domainOf = (address: string | null): string | null => address?.match(/@([^>\s]+)/)?.[1]?.toLowerCase() ?? null;

export async function inventoryDomains(ctx: OrgContext): Promise<Set<string>> {
  const rows = await ctx.db.sendingDomain.findMany({ where: { orgId: ctx.orgId }, select: { domain: true } });
  return new Set(rows.map((r) => r.domain.toLowerCase()));
}

export async function listReports(ctx: OrgContext, input: z.input<typeof ZListReports>) {
  const { kind, domain, limit, cursor } = ZListReports.parse(input);
  const c = decodeCursor(cursor);
  const take = limit + 1;
  const wants = (k: TReportListKind) => !kind || kind === k;
  const [dmarc, tls, complaints, inventory] = await Promise.all([
    wants("DMARC_AGGREGATE")
      ? ctx.db.dmarcReport.findMany({
          where: { orgId: ctx.orgId, ...(domain ? { domain } : {}), ...after("beginAt", c) },
          orderBy: [{ beginAt: "desc" }, { id: "desc" }],
          take,
        })
      : [],
    wants("TLS_RPT")
      ? ctx.db.tlsReport.findMany({
          where: { orgId: ctx.orgId, ...(domain ? { policies: { some: { policyDomain: domain } } } : {}), ...after("beginAt", c) },
          include: { policies: { select: { policyDomain: true } } },
          orderBy: [{ beginAt: "desc" }, { id: "desc" }],
          take,
        })
      : [],
    wants("COMPLAINT")
      ? ctx.db.complaint.findMany({
          where: {
            orgId: ctx.orgId,
            ...(domain ? { originalFrom: { contains: `@${domain}`, mode: "insensitive" as const } } : {}),
            ...after("arrivalAt", c),
          },
          orderBy: [{ arrivalAt: "desc" }, { id: "desc" }],
          take,
        })
      : [],
    inventoryDomains(ctx),
  ]);
  const merged = [
    ...dmarc.map((r) => ({
      id: r.id,
      kind: "DMARC_AGGREGATE" as const,
      reporter: r.reporterOrg,
      domains: [r.domain],
      beginAt: r.beginAt,
      endAt: r.endAt,
      messageCount: r.messageCount,
      recordCount: r.recordCount,
      rawReportId: r.rawReportId,
    })),
    ...tls.map((r) => ({
      id: r.id,
      kind: "TLS_RPT" as const,
      reporter: r.organizationName,
      domains: [...new Set(r.policies.flatMap((p) => (p.policyDomain ? [p.policyDomain.toLowerCase()] : [])))],
      beginAt: r.beginAt,
      endAt: r.endAt,
      messageCount: r.successfulSessions + r.failedSessions,
      recordCount: r.policies.length,
      rawReportId: r.rawReportId,
    })),
    ...complaints.map((r) => {
      const from = domainOf(r.originalFrom);
      return {
        id: r.id,
        kind: "COMPLAINT" as const,
        reporter: r.reporter,
        domains: from ? [from] : [],
        beginAt: r.arrivalAt,
        endAt: r.arrivalAt,
        messageCount: 1,
        recordCount: 1,
        rawReportId: r.rawReportId,
      };
    }),
  ].sort((a, b) => b.beginAt.getTime() - a.beginAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const page = merged.slice(0, limit);
  const rawIds = page.flatMap((r) => (r.rawReportId ? [r.rawReportId] : []));
  const raws = rawIds.length
    ? await ctx.db.rawReport.findMany({
        where: { orgId: ctx.orgId, id: { in: rawIds } },
        select: { id: true, channel: true, receivedAt: true, status: true },
      })
    : [];
  const rawById = new Map(raws.map((r) => [r.id, r]));
  const items: ReportListItem[] = page.map(({ rawReportId, ...r }) => {
    const raw = rawReportId ? rawById.get(rawReportId) : undefined;
    return {
      ...r,
      isInInventory: r.kind === "COMPLAINT" || r.domains.every((d) => inventory.has(d)),
      channel: raw?.channel ?? null,
      receivedAt: raw?.receivedAt ?? null,
      status: raw?.status ?? "PARSED",
    };
  });
  const last = page[page.length - 1];
  return { items, nextCursor: merged.length > limit && last ? `${last.beginAt.toISOString()}|${last.id}` : null };
}

/** One report with its rows; an id of another organization (or of nothing) is NOT_FOUND. */
export async function getReport(ctx: OrgContext, input: { id: string }) {
  const where = { id: input.id, orgId: ctx.orgId };
  const [dmarc, tls, complaint, inventory] = await Promise.all([
    ctx.db.dmarcReport.findFirst({
      where,
      include: { records: { where: { orgId: ctx.orgId }, orderBy: [{ count: "desc" }, { id: "asc" }], take: REPORT_DETAIL_MAX_RECORDS } },
    }),
    ctx.db.tlsReport.findFirst({
      where,
      include: {
        policies: {
          where: { orgId: ctx.orgId },
          include: { failures: { where: { orgId: ctx.orgId }, orderBy: { failedSessionCount: "desc" } } },
        },
      },
    }),
    ctx.db.complaint.findFirst({ where, omit: { recipientsEnc: true, recipientHashes: true } }),
    inventoryDomains(ctx),
  ]);
  const rawId = dmarc?.rawReportId ?? tls?.rawReportId ?? complaint?.rawReportId ?? null;
  const raw = rawId
    ? await ctx.db.rawReport.findFirst({
        where: { id: rawId, orgId: ctx.orgId },
        select: { id: true, channel: true, receivedAt: true, status: true, sizeBytes: true },
      })
    : null;
  if (dmarc) return { kind: "DMARC_AGGREGATE" as const, raw, isInInventory: inventory.has(dmarc.domain), report: dmarc };
  if (tls) {
    const domains = tls.policies.flatMap((p) => (p.policyDomain ? [p.policyDomain.toLowerCase()] : []));
    return { kind: "TLS_RPT" as const, raw, isInInventory: domains.every((d) => inventory.has(d)), report: tls };
  }
  if (complaint) return { kind: "COMPLAINT" as const, raw, isInInventory: true, report: complaint };
  throw new NotFoundError("Report");
}
