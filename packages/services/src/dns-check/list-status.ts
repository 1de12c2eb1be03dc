/**
 * The status columns of the Domains and IPs lists: each row's latest check (grade, SPF/DKIM/DMARC
 * results, blocklist counts, reverse DNS) and a short daily history for the sparkline. Set-based: one
 * LATERAL read of the latest check per row (the `[orgId, <subject>Id, checkedAt desc]` index, LIMIT 1
 * each, only the JSON fields the list shows) and one grouped read of the history, for the whole page.
 *
 * A null grade is a check that could not run: it is passed on as null with its reason, never as a
 * grade, so the list can say "could not check" like the domain and IP pages.
 */
import { Prisma } from "@inboxwatch/db";

import { type OrgContext } from "../context.ts";

/** Days in the list sparklines: two weeks shows a listing coming and going without crowding 100 px. */
export const LIST_SPARKLINE_DAYS = 14;
const DAY_MS = 86_400_000;

type Grade = "A" | "B" | "C" | "D" | "F";

export interface CheckChip {
  grade: Grade | null;
  /** The engine's RFC vocabulary (pass, fail, none, temperror…); null when the check did not run. */
  status: string | null;
  /** Set when the check ran but could not complete (grade null). */
  unknownReason: string | null;
}

export interface BlocklistCounts {
  listed: number;
  /** Lists that gave a usable answer; "n of N" counts these. */
  answered: number;
  /** Lists that refused or timed out. */
  errors: number;
  grade: Grade | null;
  unknownReason: string | null;
}

export interface DomainListStatus {
  checkedAt: Date;
  grade: Grade | null;
  spf: CheckChip | null;
  dkim: CheckChip | null;
  dmarc: CheckChip | null;
  /** Null when the domain blocklists were not part of the check. */
  blocklists: BlocklistCounts | null;
  worstSeverity: string | null;
  worstMessage: string | null;
}

export interface IpListStatus {
  checkedAt: Date;
  grade: Grade | null;
  rdns: CheckChip & { ptr: string | null; fcrdns: boolean };
  blocklists: BlocklistCounts;
  worstSeverity: string | null;
  worstMessage: string | null;
}

/** One point per day, oldest first; null = no check that day. */
export type DailyPoint = { day: Date; value: number | null };

const GRADE_SCORE: Record<Grade, number> = { A: 4, B: 3, C: 2, D: 1, F: 0 };

function days(now: Date): Date[] {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return Array.from({ length: LIST_SPARKLINE_DAYS }, (_, i) => new Date(today - (LIST_SPARKLINE_DAYS - 1 - i) * DAY_MS));
}

function fillDays(rows: { subjectId: string; day: Date; value: number | null }[], ids: string[], now: Date): Map<string, DailyPoint[]> {
  const axis = days(now);
  const index = new Map(axis.map((d, i) => [d.getTime(), i]));
  const out = new Map<string, DailyPoint[]>();
  for (const r of rows) {
    const i = index.get(r.day.getTime());
    if (i === undefined) continue;
    const series = out.get(r.subjectId) ?? axis.map((day) => ({ day, value: null as number | null }));
    const point = series[i];
    if (point) point.value = r.value;
    out.set(r.subjectId, series);
  }
  for (const id of ids) if (!out.has(id)) out.set(id, []);
  return out;
}

const chip = (grade: Grade | null, status: string | null, unknownReason: string | null): CheckChip | null =>
  status === null && grade === null ? null : { grade, status, unknownReason };

type DomainRow = {
  subjectId: string;
  checkedAt: Date;
  grade: Grade | null;
  spfGrade: Grade | null;
  dkimGrade: Grade | null;
  dmarcGrade: Grade | null;
  dnsblGrade: Grade | null;
  spfStatus: string | null;
  dkimStatus: string | null;
  dmarcStatus: string | null;
  spfUnknown: string | null;
  dkimUnknown: string | null;
  dmarcUnknown: string | null;
  dnsblUnknown: string | null;
  listed: number | null;
  answered: number | null;
  errors: number | null;
  worstSeverity: string | null;
  worstMessage: string | null;
};

/** Latest check and a 14-day worst-grade series (A = 4 … F = 0) per domain. */
export async function listDomainStatus(
  ctx: OrgContext,
  input: { domainIds: string[]; now?: Date },
): Promise<Map<string, { latest: DomainListStatus | null; gradeHistory: DailyPoint[] }>> {
  const { domainIds, now = new Date() } = input;
  if (domainIds.length === 0) return new Map();
  const from = days(now)[0] ?? now;
  const [latest, history] = await Promise.all([
    ctx.db.$queryRaw<DomainRow[]>`
      select d."id" as "subjectId", c."checkedAt", c."grade"::text as "grade", c."spfGrade"::text as "spfGrade", c."dkimGrade"::text as "dkimGrade",
        c."dmarcGrade"::text as "dmarcGrade", c."dnsblGrade"::text as "dnsblGrade",
        c."checks"->'spf'->>'status' as "spfStatus", c."checks"->'dkim'->>'status' as "dkimStatus", c."checks"->'dmarc'->>'status' as "dmarcStatus",
        c."checks"->'spf'->>'unknownReason' as "spfUnknown", c."checks"->'dkim'->>'unknownReason' as "dkimUnknown",
        c."checks"->'dmarc'->>'unknownReason' as "dmarcUnknown", c."checks"->'dnsbl'->>'unknownReason' as "dnsblUnknown",
        (c."checks"->'dnsbl'->>'listedCount')::int as "listed", (c."checks"->'dnsbl'->>'answeredCount')::int as "answered",
        (c."checks"->'dnsbl'->>'errorCount')::int as "errors", c."worstSeverity"::text as "worstSeverity", c."worstMessage"
      from "SendingDomain" d
      join lateral (
        select x."checkedAt", x."grade", x."spfGrade", x."dkimGrade", x."dmarcGrade", x."dnsblGrade", x."worstSeverity", x."worstMessage", x."result"->'checks' as "checks"
        from "DomainCheck" x where x."orgId" = d."orgId" and x."domainId" = d."id" order by x."checkedAt" desc limit 1
      ) c on true
      where d."orgId" = ${ctx.orgId} and d."id" in (${Prisma.join(domainIds)})`,
    // Worst grade per day (the enum sorts A < … < F); a day whose checks all could not run has none.
    ctx.db.$queryRaw<{ subjectId: string; day: Date; grade: Grade | null }[]>`
      select "domainId" as "subjectId", date_trunc('day', "checkedAt") as "day", max("grade")::text as "grade"
      from "DomainCheck" where "orgId" = ${ctx.orgId} and "domainId" in (${Prisma.join(domainIds)}) and "checkedAt" >= ${from}
      group by 1, 2`,
  ]);
  const series = fillDays(
    history.map((h) => ({ subjectId: h.subjectId, day: h.day, value: h.grade ? GRADE_SCORE[h.grade] : null })),
    domainIds,
    now,
  );
  const byId = new Map(latest.map((r) => [r.subjectId, r]));
  return new Map(
    domainIds.map((id) => {
      const r = byId.get(id);
      const status: DomainListStatus | null = r
        ? {
            checkedAt: r.checkedAt,
            grade: r.grade,
            spf: chip(r.spfGrade, r.spfStatus, r.spfUnknown),
            dkim: chip(r.dkimGrade, r.dkimStatus, r.dkimUnknown),
            dmarc: chip(r.dmarcGrade, r.dmarcStatus, r.dmarcUnknown),
            blocklists:
              r.answered === null && r.dnsblUnknown === null
                ? null
                : {
                    listed: r.listed ?? 0,
                    answered: r.answered ?? 0,
                    errors: r.errors ?? 0,
                    grade: r.dnsblGrade,
                    unknownReason: r.dnsblUnknown,
                  },
            worstSeverity: r.worstSeverity,
            worstMessage: r.worstMessage,
          }
        : null;
      return [id, { latest: status, gradeHistory: series.get(id) ?? [] }];
    }),
  );
}

type IpRow = {
  subjectId: string;
  checkedAt: Date;
  grade: Grade | null;
  rdnsGrade: Grade | null;
  dnsblGrade: Grade | null;
  ptr: string | null;
  fcrdns: boolean;
  listedCount: number;
  rdnsStatus: string | null;
  rdnsUnknown: string | null;
  dnsblUnknown: string | null;
  answered: number | null;
  errors: number | null;
  worstSeverity: string | null;
  worstMessage: string | null;
};

/** Latest check and a 14-day series of blocklist listings (most lists listing the IP that day) per IP. */
export async function listIpStatus(
  ctx: OrgContext,
  input: { ipIds: string[]; now?: Date },
): Promise<Map<string, { latest: IpListStatus | null; listingHistory: DailyPoint[] }>> {
  const { ipIds, now = new Date() } = input;
  if (ipIds.length === 0) return new Map();
  const from = days(now)[0] ?? now;
  const [latest, history] = await Promise.all([
    ctx.db.$queryRaw<IpRow[]>`
      select i."id" as "subjectId", c."checkedAt", c."grade"::text as "grade", c."rdnsGrade"::text as "rdnsGrade", c."dnsblGrade"::text as "dnsblGrade",
        c."ptr", c."fcrdns", c."listedCount", c."checks"->'rdns'->>'status' as "rdnsStatus", c."checks"->'rdns'->>'unknownReason' as "rdnsUnknown",
        c."checks"->'dnsbl'->>'unknownReason' as "dnsblUnknown", (c."checks"->'dnsbl'->>'answeredCount')::int as "answered",
        (c."checks"->'dnsbl'->>'errorCount')::int as "errors", c."worstSeverity"::text as "worstSeverity", c."worstMessage"
      from "SendingIp" i
      join lateral (
        select x."checkedAt", x."grade", x."rdnsGrade", x."dnsblGrade", x."ptr", x."fcrdns", x."listedCount", x."worstSeverity", x."worstMessage", x."result"->'checks' as "checks"
        from "IpCheck" x where x."orgId" = i."orgId" and x."ipId" = i."id" order by x."checkedAt" desc limit 1
      ) c on true
      where i."orgId" = ${ctx.orgId} and i."id" in (${Prisma.join(ipIds)})`,
    // Checks whose blocklists could not run count for nothing (null), not for "0 listings".
    ctx.db.$queryRaw<{ subjectId: string; day: Date; listed: number | null }[]>`
      select "ipId" as "subjectId", date_trunc('day', "checkedAt") as "day",
        max("listedCount") filter (where "dnsblGrade" is not null) as "listed"
      from "IpCheck" where "orgId" = ${ctx.orgId} and "ipId" in (${Prisma.join(ipIds)}) and "checkedAt" >= ${from}
      group by 1, 2`,
  ]);
  const series = fillDays(
    history.map((h) => ({ subjectId: h.subjectId, day: h.day, value: h.listed })),
    ipIds,
    now,
  );
  const byId = new Map(latest.map((r) => [r.subjectId, r]));
  return new Map(
    ipIds.map((id) => {
      const r = byId.get(id);
      const status: IpListStatus | null = r
        ? {
            checkedAt: r.checkedAt,
            grade: r.grade,
            rdns: { grade: r.rdnsGrade, status: r.rdnsStatus, unknownReason: r.rdnsUnknown, ptr: r.ptr, fcrdns: r.fcrdns },
            blocklists: {
              listed: r.listedCount,
              answered: r.answered ?? 0,
              errors: r.errors ?? 0,
              grade: r.dnsblGrade,
              unknownReason: r.dnsblUnknown,
            },
            worstSeverity: r.worstSeverity,
            worstMessage: r.worstMessage,
          }
        : null;
      return [id, { latest: status, listingHistory: series.get(id) ?? [] }];
    }),
  );
}
