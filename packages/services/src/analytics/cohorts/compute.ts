/**
 * Computing the cohort tables (issue 13 item 4) in PostgreSQL, set-based: one statement per grouping
 * collapses the organization's delivery events into messages with the shared attribution rule
 * (../attribution.ts: message key × recipient, outcome, conversions to the latest delivered message),
 * joins each to its RecipientProfile on (orgId, recipientHash), and counts every cell, row total and
 * column total of both column layouts at once with GROUPING SETS. Node only reshapes the result rows
 * (a few per cell).
 *
 * A message belongs to the cell of its first delivery attempt; a message seen only through engagement
 * events (its delivery never reported) is not counted.
 *
 * Refresh is a full recomputation, not incremental: the cells count distinct recipients, and a distinct
 * count cannot be advanced from a watermark without keeping every (cell, recipient) pair seen (a second
 * copy of the events); a late profile or conversion also moves messages already counted from one cell to
 * another. The watermark stored with the view is the highest event id when the computation started
 * (every event up to it is counted), for the page's freshness line and the bench.
 */
import { Prisma } from "@inboxwatch/db";
import { providerDisplayName } from "@inboxwatch/deliverability/logs";

import { type OrgContext } from "../../context.ts";
import { saveView } from "../views/store.ts";
import { attributedConversionsSql, attributedMessagesSql } from "../attribution.ts";
import {
  COHORT_GROUPINGS,
  type CohortColumns,
  type CohortCounts,
  type CohortGrouping,
  type CohortTableData,
  cohortViewKey,
  emptyCounts,
  NO_SIGNUP_DATE,
  UNKNOWN_SOURCE,
} from "./types.ts";

/** Conversions count for the most recent delivered message this many days before them (the attribution rule's default). */
export const COHORT_ATTRIBUTION_DAYS = 7;
/** Weeks since signup get a column each up to this one; later messages share "13+". */
export const COHORT_MAX_WEEK = 12;
/** The calendar layout shows the current ISO week and the 11 before it. */
export const COHORT_CALENDAR_WEEKS = 12;
/** A table keeps its largest cohorts (by recipients); a long tail of sources × providers would not be read. */
export const COHORTS_MAX_ROWS = 200;

/** work_mem of the computation: hash tables of a million messages fit; larger organizations spill to disk. */
export const COHORT_WORK_MEM_MB = 128;
/** A refresh of 10 M events takes minutes on two cores; beyond this something is wrong. */
const COHORT_COMPUTE_TIMEOUT_MS = 30 * 60_000;

const DAY_MS = 86_400_000;
/** The end of "the whole history" (a bound the partitioned table can compare with). */
const FAR_FUTURE = new Date("9999-01-01T00:00:00Z");

interface CellRow {
  part: "n" | "v";
  g: number;
  a: string;
  b: string;
  wk: string | null;
  cw: string | null;
  win: boolean | null;
  currency: string | null;
  recipients: bigint;
  deliveredRecipients: bigint;
  attempted: bigint;
  accepted: bigint;
  opened: bigint;
  clicked: bigint;
  convertedRecipients: bigint;
  value: number | null;
}

/** Monday 00:00 UTC of the ISO week `weeksBack` weeks before the one holding `now`. */
function weekStart(now: Date, weeksBack: number): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - (sinceMonday + 7 * weeksBack) * DAY_MS);
}

/** ISO 8601 week number of the week starting on `monday` (its Thursday decides the year). */
function isoWeek(monday: Date): number {
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday.getTime() - jan1) / DAY_MS / 7) + 1;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function calendarColumns(now: Date): { key: string; label: string }[] {
  return Array.from({ length: COHORT_CALENDAR_WEEKS }, (_, i) => {
    const monday = weekStart(now, COHORT_CALENDAR_WEEKS - 1 - i);
    return {
      key: monday.toISOString().slice(0, 10),
      label: `W${isoWeek(monday)} · ${monday.getUTCDate()} ${MONTHS[monday.getUTCMonth()]}`,
    };
  });
}

function weekColumns(present: Set<string>): { key: string; label: string }[] {
  const cols: { key: string; label: string }[] = [];
  if (present.has("pre")) cols.push({ key: "pre", label: "Before signup" });
  for (let w = 0; w <= COHORT_MAX_WEEK; w++) cols.push({ key: String(w), label: `Week ${w}` });
  cols.push({ key: `${COHORT_MAX_WEEK + 1}+`, label: `Week ${COHORT_MAX_WEEK + 1}+` });
  if (present.has("none")) cols.push({ key: "none", label: "No signup date" });
  return cols;
}

/** The cohort of a message as two text columns (a, b) — source and provider, or the signup month and ''. */
function cohortSql(grouping: CohortGrouping): { a: Prisma.Sql; b: Prisma.Sql } {
  if (grouping === "source-provider") {
    return { a: Prisma.sql`coalesce(nullif(p."acquisitionSource", ''), ${UNKNOWN_SOURCE})`, b: Prisma.sql`m."provider"` };
  }
  return { a: Prisma.sql`coalesce(to_char(p."signupDate", 'YYYY-MM'), ${NO_SIGNUP_DATE})`, b: Prisma.sql`''` };
}

/**
 * The sets the counts are grouped by, with the GROUPING(wk, cw, win, a) code each would have (see
 * below) and the rows it leaves out (calendar cells outside the window, messages outside it).
 */
const COUNT_SETS: { keys: ("a" | "b" | "wk" | "cw" | "win")[]; g: number; where?: string }[] = [
  { keys: ["a", "b", "wk"], g: 0b0110 },
  { keys: ["a", "b", "cw"], g: 0b1010, where: `"cw" is not null` },
  { keys: ["a", "b"], g: 0b1110 },
  { keys: ["a", "b", "win"], g: 0b1100, where: `"win"` },
  { keys: ["wk"], g: 0b0111 },
  { keys: ["cw"], g: 0b1011, where: `"cw" is not null` },
  { keys: [], g: 0b1111 },
  { keys: ["win"], g: 0b1101, where: `"win"` },
];

/**
 * The counts of one set in two hash aggregations — per (set keys, recipient), then per set keys — rather
 * than count(distinct) under GROUPING SETS, which PostgreSQL can only run by sorting the messages once
 * per distinct aggregate and set (about 5× slower over a million messages).
 */
function countSetSql(set: (typeof COUNT_SETS)[number]): Prisma.Sql {
  const keys = set.keys.map((k) => `"${k}"`);
  const col = (k: string, type: string) => (set.keys.includes(k as never) ? `"${k}"` : `null::${type}`);
  const groupBy = (extra: string[]) => (keys.length + extra.length ? `group by ${[...keys, ...extra].join(", ")}` : "");
  return Prisma.raw(`
    select 'n' as "part", ${set.g} as "g", ${col("a", "text")} as "a", ${col("b", "text")} as "b", ${col("wk", "text")} as "wk",
      ${col("cw", "text")} as "cw", ${col("win", "boolean")} as "win", null::text as "currency",
      count(*) as "recipients", count(*) filter (where "anyAccepted") as "deliveredRecipients",
      sum("attempted")::bigint as "attempted", sum("accepted")::bigint as "accepted", sum("opened")::bigint as "opened",
      sum("clicked")::bigint as "clicked", count(*) filter (where "anyConverted") as "convertedRecipients", null::float8 as "value"
    from (
      select ${[...keys, `"rh"`].join(", ")}, count(*) as "attempted", count(*) filter (where "accepted") as "accepted",
        count(*) filter (where "opened") as "opened", count(*) filter (where "clicked") as "clicked",
        bool_or("accepted") as "anyAccepted", bool_or("converted") as "anyConverted"
      from lab ${set.where ? `where ${set.where}` : ""} ${groupBy([`"rh"`])}
    ) per_recipient
    ${groupBy([])}`);
}

/**
 * The statement for one grouping. GROUPING(wk, cw, win, a) tells the sets apart (a bit is 1 when the
 * column is not grouped; a is the lowest): 0b0110 a cell by week since signup, 0b1010 a cell by calendar
 * week, 0b1110 a row total, 0b1100 a row total within the calendar window; the same with the lowest bit
 * set are the "all cohorts" row. The "v" rows sum attributed conversion value per currency in the same sets.
 */
export function cohortStatement(ctx: Pick<OrgContext, "orgId">, grouping: CohortGrouping, windowStart: Date, windowEnd: Date) {
  const { a, b } = cohortSql(grouping);
  const setsByCurrency = Prisma.raw(
    `grouping sets (("a", "b", "wk", "currency"), ("a", "b", "cw", "currency"), ("a", "b", "currency"), ("a", "b", "win", "currency"),` +
      ` ("wk", "currency"), ("cw", "currency"), ("currency"), ("win", "currency"))`,
  );
  // The whole history: a cohort's first weeks may lie years back. Events arriving while the statement
  // runs may be counted too (the watermark is a lower bound of what was counted).
  const all = { orgId: ctx.orgId, from: new Date(0), to: FAR_FUTURE };
  return Prisma.sql`
    with msg as materialized (${attributedMessagesSql(all)}),
    conv as materialized (${attributedConversionsSql({ ...all, attributionDays: COHORT_ATTRIBUTION_DAYS, messages: Prisma.raw(`msg`) })}),
    lab as materialized (
      select m."recipientHash" as "rh", m."messageKey" as "mk", true as "attempted", m."deliveredAt" is not null as "accepted",
        m."opened", m."clicked", cm."messageKey" is not null as "converted",
        ${a} as "a", ${b} as "b",
        case when p."signupDate" is null then 'none'
          when (m."attemptedAt" at time zone 'UTC')::date < p."signupDate" then 'pre'
          when (m."attemptedAt" at time zone 'UTC')::date - p."signupDate" >= ${(COHORT_MAX_WEEK + 1) * 7} then ${`${COHORT_MAX_WEEK + 1}+`}
          else (((m."attemptedAt" at time zone 'UTC')::date - p."signupDate") / 7)::text end as "wk",
        case when m."attemptedAt" >= ${windowStart} and m."attemptedAt" < ${windowEnd}
          then to_char(date_trunc('week', m."attemptedAt" at time zone 'UTC'), 'YYYY-MM-DD') end as "cw",
        (m."attemptedAt" >= ${windowStart} and m."attemptedAt" < ${windowEnd}) as "win"
      from msg m
      left join "RecipientProfile" p on p."orgId" = ${ctx.orgId} and p."recipientHash" = m."recipientHash"
      left join (select distinct "recipientHash", "messageKey" from conv) cm
        on cm."recipientHash" = m."recipientHash" and cm."messageKey" = m."messageKey"
      where m."attemptedAt" is not null
    )
    ${Prisma.join(COUNT_SETS.map(countSetSql), " union all ")}
    union all
    select 'v', grouping("wk", "cw", "win", "a")::int, "a", "b", "wk", "cw", "win", "currency",
      0, 0, 0, 0, 0, 0, 0, sum(c."value")::float8
    from conv c join lab l on l."rh" = c."recipientHash" and l."mk" = c."messageKey"
    group by ${setsByCurrency}`;
}

const num = (v: bigint | number | null) => Number(v ?? 0);

function countsOf(r: CellRow): CohortCounts {
  return {
    recipients: num(r.recipients),
    deliveredRecipients: num(r.deliveredRecipients),
    attempted: num(r.attempted),
    accepted: num(r.accepted),
    opened: num(r.opened),
    clicked: num(r.clicked),
    convertedRecipients: num(r.convertedRecipients),
    value: {},
  };
}

interface Acc {
  a: string;
  b: string;
  total: CohortCounts;
  cells: Map<string, CohortCounts>;
}

/** Shapes the statement's rows into the two tables (weeks since signup, calendar weeks) of one grouping. */
function buildTables(grouping: CohortGrouping, rows: CellRow[], now: Date, windowStart: Date): Record<CohortColumns, CohortTableData> {
  const layouts = {
    "weeks-since-signup": { cell: 0b0110, total: 0b1110, col: (r: CellRow) => r.wk },
    "calendar-week": { cell: 0b1010, total: 0b1100, col: (r: CellRow) => r.cw },
  } as const;
  const hasEngagement = rows.some((r) => r.part === "n" && r.g === 0b1111 && (num(r.opened) > 0 || num(r.clicked) > 0));
  const out = {} as Record<CohortColumns, CohortTableData>;
  for (const [columns, layout] of Object.entries(layouts) as [CohortColumns, (typeof layouts)[CohortColumns]][]) {
    const cohorts = new Map<string, Acc>();
    const all: Acc = { a: "", b: "", total: emptyCounts(), cells: new Map() };
    const present = new Set<string>();
    const accOf = (r: CellRow): Acc => {
      if (r.g & 0b0001) return all;
      const key = `${r.a}\u001f${r.b}`;
      let acc = cohorts.get(key);
      if (!acc) cohorts.set(key, (acc = { a: r.a, b: r.b, total: emptyCounts(), cells: new Map() }));
      return acc;
    };
    for (const r of rows) {
      const g = r.g & 0b1110;
      const isCell = g === layout.cell;
      const isTotal = g === layout.total && (columns === "weeks-since-signup" || r.win === true);
      if (!isCell && !isTotal) continue;
      const col = isCell ? layout.col(r) : null;
      if (isCell && col === null) continue; // calendar: messages outside the window
      const acc = accOf(r);
      let target = acc.total;
      if (col !== null) {
        present.add(col);
        target = acc.cells.get(col) ?? emptyCounts();
        acc.cells.set(col, target);
      }
      if (r.part === "n") Object.assign(target, { ...countsOf(r), value: target.value });
      else if (r.currency) target.value[r.currency] = (target.value[r.currency] ?? 0) + (r.value ?? 0);
    }
    const sorted = [...cohorts.values()]
      .filter((c) => c.total.recipients > 0)
      .sort((x, y) =>
        grouping === "signup-month"
          ? Number(x.a === NO_SIGNUP_DATE) - Number(y.a === NO_SIGNUP_DATE) || y.a.localeCompare(x.a)
          : y.total.recipients - x.total.recipients || x.a.localeCompare(y.a) || x.b.localeCompare(y.b),
      );
    const shown = sorted.slice(0, COHORTS_MAX_ROWS);
    out[columns] = {
      grouping,
      columns,
      columnKeys: columns === "calendar-week" ? calendarColumns(now) : weekColumns(present),
      rows: shown.map((c) => ({
        key: grouping === "source-provider" ? `${c.a}|${c.b}` : c.a,
        label: grouping === "source-provider" ? `${c.a} × ${c.b ? providerDisplayName(c.b) : "Unknown provider"}` : c.a,
        source: grouping === "source-provider" ? c.a : null,
        provider: grouping === "source-provider" ? c.b : null,
        total: c.total,
        cells: Object.fromEntries(c.cells),
      })),
      all: { total: all.total, cells: Object.fromEntries(all.cells) },
      hiddenCohorts: sorted.length - shown.length,
      attributionDays: COHORT_ATTRIBUTION_DAYS,
      windowStart: columns === "calendar-week" ? windowStart.toISOString() : null,
      hasEngagement,
    };
  }
  return out;
}

/** The highest DeliveryEvent id of the organization: the watermark a computation counts up to. */
export async function latestEventId(ctx: Pick<OrgContext, "db" | "orgId">): Promise<bigint> {
  const [row] = await ctx.db.$queryRaw<
    { max: bigint | null }[]
  >`select max("id") as "max" from "DeliveryEvent" where "orgId" = ${ctx.orgId}`;
  return row?.max ?? 0n;
}

/**
 * Both tables (weeks since signup and calendar weeks) of one grouping, every event up to `watermark` counted.
 * `now` fixes the calendar window (tests pass it; the job uses the clock).
 */
export async function computeCohorts(
  ctx: Pick<OrgContext, "db" | "orgId">,
  input: { grouping: CohortGrouping; now?: Date; watermark?: bigint },
): Promise<{ tables: Record<CohortColumns, CohortTableData>; watermark: bigint; durationMs: number }> {
  const started = performance.now();
  const now = input.now ?? new Date();
  const watermark = input.watermark ?? (await latestEventId(ctx));
  const windowStart = weekStart(now, COHORT_CALENDAR_WEEKS - 1);
  const windowEnd = new Date(weekStart(now, 0).getTime() + 7 * DAY_MS);
  const statement = cohortStatement(ctx, input.grouping, windowStart, windowEnd);
  // Memory for the statement's hash aggregations and CTEs (PostgreSQL's 4 MB default makes it sort the
  // events by an index and spill every stage to disk); SET LOCAL ends with the transaction.
  const rows = await ctx.db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`set local work_mem = '${COHORT_WORK_MEM_MB}MB'`);
      return tx.$queryRaw<CellRow[]>(statement);
    },
    { timeout: COHORT_COMPUTE_TIMEOUT_MS },
  );
  return { tables: buildTables(input.grouping, rows, now, windowStart), watermark, durationMs: performance.now() - started };
}

/** Recomputes and stores every grouping × columns table of the organization (the "cohorts" view refresher). */
export async function refreshCohorts(
  ctx: Pick<OrgContext, "db" | "orgId">,
  input: { now?: Date } = {},
): Promise<{ grouping: CohortGrouping; durationMs: number }[]> {
  const watermark = await latestEventId(ctx);
  const timings: { grouping: CohortGrouping; durationMs: number }[] = [];
  for (const grouping of COHORT_GROUPINGS) {
    const { tables, durationMs } = await computeCohorts(ctx, { grouping, now: input.now, watermark });
    const computedAt = input.now ?? new Date();
    for (const table of Object.values(tables)) {
      await saveView(ctx, { kind: "cohorts", key: cohortViewKey(grouping, table.columns), data: table, durationMs, watermark, computedAt });
    }
    timings.push({ grouping, durationMs });
  }
  return timings;
}
