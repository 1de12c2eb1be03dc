/**
 * DeliveryEvent rows from correlator events, written with multi-row inserts (one array parameter per
 * column, unnest()ed server-side: one round trip per chunk, no per-row parameters) that also add the
 * rows they actually wrote to the minute/hour/day rollups.
 */
import { createHash } from "node:crypto";

import { LATENCY_BUCKETS_SECONDS } from "@inboxwatch/analytics/kpi";
import { type DeliveryEvent, ENGAGEMENT_CATEGORIES } from "@inboxwatch/deliverability/logs";
import { type Tx } from "@inboxwatch/db";

import { hashRecipient } from "./settings.ts";
import { type InTx, type SystemContext } from "../context.ts";

/** Rows per INSERT: large enough to amortise the round trip, small enough to keep each statement quick. */
const INSERT_CHUNK_ROWS = 5_000;
/** Reply texts are kept for "top reply texts"; the whole DSN text adds nothing past this. */
const RESPONSE_MAX_CHARS = 500;

export interface EventRow {
  orgId: string;
  time: Date;
  source: string;
  host: string;
  queueId: string;
  messageId: string;
  campaign: string;
  variant: string;
  senderDomain: string;
  recipientDomain: string;
  recipientHash: string;
  recipient: string | null;
  provider: string;
  status: string;
  eventType: string;
  replyCode: string;
  enhancedCode: string;
  category: string;
  reason: string;
  response: string;
  relayHost: string;
  relayIp: string;
  delaySeconds: number | null;
  serverId: string | null;
  hop: string | null;
  eventKey: string;
  /** The source reports opens and clicks (an ESP): only its accepted messages are the engagement rates' denominator. Absent: false. */
  engagementTracked?: boolean;
  /** An open made by software (Apple Mail Privacy Protection), as the ESP parser judged it (logs/machine-open.ts). Absent: false. */
  machineOpen?: boolean;
}

interface RowContext {
  orgId: string;
  source: string;
  receivedAt: Date;
  settings: { recipientSalt: string; keepRecipientAddresses: boolean };
  servers: { id: string; hostname: string; role: string }[];
}

function matchServer(name: string, servers: RowContext["servers"]): RowContext["servers"][number] | undefined {
  if (name === "") return undefined;
  const h = name.toLowerCase().replace(/\.$/, "");
  // Syslog usually carries the short hostname; inventory holds the FQDN.
  return servers.find((s) => s.hostname === h) ?? servers.find((s) => s.hostname.split(".")[0] === h);
}

/**
 * The inventory server an event belongs to: the host that logged it (syslog HOSTNAME), else the source
 * name the shipper gave (often the hostname), else the relay it was handed to when that relay is one of
 * the organization's own servers (a smarthost or outbound gateway).
 */
export function serverFor(
  e: { host: string; relayHost: string },
  source: string,
  servers: RowContext["servers"],
): RowContext["servers"][number] | undefined {
  if (servers.length === 0) return undefined;
  return matchServer(e.host, servers) ?? matchServer(source, servers) ?? matchServer(e.relayHost, servers);
}

/** PostgreSQL text cannot hold NUL; log lines sometimes do. */
export function pgText(s: string): string {
  return s.includes("\u0000") ? s.replaceAll("\u0000", "") : s;
}

/** Formats whose sources report engagement (opens, clicks, unsubscribes): the ESP webhook parsers (esp-json.ts). */
const ENGAGEMENT_REPORTING_SOURCES = new Set(["sendgrid", "mailgun", "postmark", "ses", "sparkpost"]);

export function toEventRow(e: DeliveryEvent, ctx: RowContext): EventRow {
  const parsed = e.time ? Date.parse(e.time) : NaN;
  const time = Number.isNaN(parsed) ? ctx.receivedAt : new Date(parsed);
  const at = e.sender.lastIndexOf("@");
  const senderDomain = at < 0 ? "" : pgText(e.sender.slice(at + 1).toLowerCase());
  const server = serverFor(e, ctx.source, ctx.servers);
  // The business key: the same attempt re-sent (a batch retried with a new id, overlapping shipping) is one event.
  const eventKey = createHash("sha256")
    .update([ctx.orgId, ctx.source, e.host, e.queueId, e.messageId, e.recipient, time.toISOString(), e.status, e.eventType].join("\u0000"))
    .digest("hex");
  return {
    orgId: ctx.orgId,
    time,
    source: ctx.source,
    host: pgText(e.host),
    queueId: pgText(e.queueId),
    messageId: pgText(e.messageId),
    campaign: pgText(e.campaign),
    variant: pgText(e.variant),
    senderDomain,
    recipientDomain: pgText(e.recipientDomain),
    recipientHash: hashRecipient(ctx.settings.recipientSalt, e.recipient),
    recipient: ctx.settings.keepRecipientAddresses ? pgText(e.recipient) : null,
    provider: pgText(e.provider),
    status: e.status,
    eventType: pgText(e.eventType),
    replyCode: pgText(e.replyCode),
    enhancedCode: pgText(e.enhancedCode),
    category: e.category,
    reason: e.reason,
    response: pgText(e.response.slice(0, RESPONSE_MAX_CHARS)),
    relayHost: pgText(e.relayHost),
    relayIp: pgText(e.relayIp),
    delaySeconds: e.delaySeconds,
    serverId: server?.id ?? null,
    hop: server?.role ?? null,
    eventKey,
    engagementTracked: ENGAGEMENT_REPORTING_SOURCES.has(e.source),
    machineOpen: e.category === "open" && e.machineOpen === true,
  };
}

/** What the throttling detector needs to know of the rows an insert wrote. */
export interface InsertSummary {
  inserted: number;
  /** Log time of the newest row written; null when none was. */
  latest: Date | null;
  /** Providers of the rows written. */
  providers: string[];
}

const TEXT_COLUMNS = [
  "orgId",
  "source",
  "host",
  "queueId",
  "messageId",
  "campaign",
  "variant",
  "senderDomain",
  "recipientDomain",
  "recipientHash",
  "recipient",
  "provider",
  "status",
  "eventType",
  "replyCode",
  "enhancedCode",
  "category",
  "reason",
  "response",
  "relayHost",
  "relayIp",
  "serverId",
  "hop",
  "eventKey",
] as const;

/** The DeliveryEvent columns the insert writes, in its order (bench/ingest copies exactly these). */
export const EVENT_INSERT_COLUMNS: readonly string[] = ["time", ...TEXT_COLUMNS, "delaySeconds", "engagementTracked", "machineOpen"];

/** Rollup table and bucket column per granularity (see DeliveryRollup in prisma/schema/ingest.prisma); constants, never input. */
const ROLLUPS = [
  { cte: "r_minute", table: "DeliveryRollupMinute", bucket: "minute", analytics: false },
  { cte: "r_hour", table: "DeliveryRollup", bucket: "hour", analytics: true },
  { cte: "r_day", table: "DeliveryRollupDay", bucket: "day", analytics: true },
] as const;
/** Reply-code rollups (non-2xx remote replies by code) per granularity. */
const CODE_ROLLUPS = [
  { cte: "c_hour", table: "DeliveryCodeRollupHour", bucket: "hour" },
  { cte: "c_day", table: "DeliveryCodeRollupDay", bucket: "day" },
] as const;

/** A deferral answered by the remote server (a 4xx reply), as the throttling detector counts it (detections.ts). */
const REMOTE_4XX_SQL = `"status" = 'deferred' and left("replyCode", 1) = '4'`;
const ENGAGEMENT_SQL = `(${ENGAGEMENT_CATEGORIES.map((c) => `'${c}'`).join(", ")})`;
/**
 * The latency bucket (1-based, as the rollup's int[] is read) of an accepted delivery with a delay; null
 * for every other row. Upper bounds are inclusive, as the catalogue's LATENCY_BUCKETS_SECONDS reads them.
 */
const LATENCY_BUCKET_SQL = `case when "status" = 'sent' and "delaySeconds" is not null and not "engagement" then case ${LATENCY_BUCKETS_SECONDS.slice(
  0,
  -1,
)
  .map((upper, i) => `when "delaySeconds" <= ${upper} then ${i + 1}`)
  .join(" ")} else ${LATENCY_BUCKETS_SECONDS.length} end end`;
/** The group's histogram; '{}' for a group with no latency sample (most rows: engagement, deferrals), which keeps those rows small. */
const LATENCY_ARRAY_SQL = `case when count("lb") = 0 then '{}'::int[] else array[${LATENCY_BUCKETS_SECONDS.map((_, i) => `(count(*) filter (where "lb" = ${i + 1}))::int`).join(", ")}] end`;

/**
 * One statement per chunk: the rows are inserted (duplicates of stored events skipped on the business
 * key), and the rows the insert actually wrote — its RETURNING set, so a re-run adds nothing — are
 * grouped into minute/hour/day rollups (UTC buckets) and upserted in the same statement. Nothing row by
 * row comes back to Node: sending the written rows back for grouping in JS cost more than the insert
 * (issue 21 item 10). Each upsert takes its groups in key order, so two batches upserting overlapping
 * keys lock them in the same order and cannot deadlock.
 *
 * Engagement rows also write their first marker (MessageEngagement, ON CONFLICT DO NOTHING); the markers
 * actually written are joined back to the rows that made them, and the hour/day rollups count them as
 * uniqueCount. Each rollup table is written by exactly one upsert of the statement (PostgreSQL cannot
 * update one row twice in a statement), so every per-group figure is computed in that one upsert.
 *
 * Machine opens (Apple Mail Privacy Protection): a marker written while every open of its message in the
 * chunk was a machine's is machineOnly, and its rollup row counts it in machineOnlyCount too. A human open
 * arriving later clears a stored machineOnly marker (`cleared`: the UPDATE sees only markers stored before
 * this statement, so it never touches one `firsts` just wrote) and takes the one back out of the rollup
 * row that counted it, whose key the marker keeps: a correction row with no event (`rollup_src`, counted
 * by no figure but machineOnlyCount). So a message opened by a machine and later by a person is human.
 */
const INSERT_SQL = (() => {
  const cols = EVENT_INSERT_COLUMNS;
  const params = [
    "$1::timestamp(3)[]",
    ...TEXT_COLUMNS.map((_, i) => `$${i + 2}::text[]`),
    `$${TEXT_COLUMNS.length + 2}::float8[]`,
    `$${TEXT_COLUMNS.length + 3}::boolean[]`,
    `$${TEXT_COLUMNS.length + 4}::boolean[]`,
  ];
  const rollups = ROLLUPS.map(({ cte, table, bucket, analytics }) => {
    const keys = `"orgId", "bucket", "senderDomain", "provider", "serverKey"${analytics ? `, "campaign"` : ""}, "status", "category"`;
    const target = `"orgId", "${bucket}", "senderDomain", "provider", "serverId"${analytics ? `, "campaign"` : ""}, "status", "category"`;
    const add = (c: string) => `"${c}" = "${table}"."${c}" + excluded."${c}"`;
    const extraCols = analytics
      ? `, "reply4xx", "reply5xx", "uniqueCount", "trackedAccepted", "machineOnlyCount", "latency"`
      : `, "remote4xx"`;
    const extraAggs = analytics
      ? `, (count(*) filter (where left("replyCode", 1) = '4' and not "engagement"))::int,
      (count(*) filter (where left("replyCode", 1) = '5' and not "engagement"))::int,
      (count(*) filter (where "isFirst"))::int,
      (count(*) filter (where "engagementTracked" and "status" = 'sent' and not "engagement"))::int,
      ((count(*) filter (where "isFirst" and "machineFirst")) - sum("unmachined"))::int,
      ${LATENCY_ARRAY_SQL}`
      : `, (count(*) filter (where ${REMOTE_4XX_SQL}))::int`;
    const extraSets = analytics
      ? [
          add("reply4xx"),
          add("reply5xx"),
          add("uniqueCount"),
          add("trackedAccepted"),
          add("machineOnlyCount"),
          // Element-wise sum ('{}' is an empty histogram); an array of another length is padded with zeros, not lost.
          `"latency" = case when cardinality(excluded."latency") = 0 then "${table}"."latency" when cardinality("${table}"."latency") = 0 then excluded."latency"
        else array(select coalesce(a, 0) + coalesce(b, 0) from unnest("${table}"."latency", excluded."latency") with ordinality as u(a, b, i) order by i) end`,
        ]
      : [add("remote4xx")];
    return `${cte} as (
    insert into "${table}" (${target}, "count", "delaySum", "delayCount"${extraCols})
    select ${keys}, count("id")::int, coalesce(sum("delaySeconds"), 0), count("delaySeconds")::int${extraAggs}
    from (select *, date_trunc('${bucket}', "time") as "bucket" from ${analytics ? "rollup_src" : "written_k"}) w
    group by ${keys}
    order by ${keys}
    on conflict (${target}) do update set
      ${[add("count"), add("delaySum"), add("delayCount"), ...extraSets].join(",\n      ")})`;
  });
  const codeRollups = CODE_ROLLUPS.map(({ cte, table, bucket }) => {
    const keys = `"orgId", "bucket", "replyCode", "provider", "senderDomain", "serverKey", "campaign"`;
    return `${cte} as (
    insert into "${table}" ("orgId", "${bucket}", "replyCode", "provider", "senderDomain", "serverId", "campaign", "count")
    select ${keys}, count(*)::int
    from (select *, date_trunc('${bucket}', "time") as "bucket" from written_k where left("replyCode", 1) in ('4', '5') and not "engagement") w
    group by ${keys}
    order by ${keys}
    on conflict ("orgId", "${bucket}", "replyCode", "provider", "senderDomain", "serverId", "campaign") do update set
      "count" = "${table}"."count" + excluded."count")`;
  });
  const marker = `"orgId", "category", "messageKey", "recipientHash"`;
  return `with written as (
    insert into "DeliveryEvent" (${cols.map((c) => `"${c}"`).join(", ")})
    select * from unnest(${params.join(", ")})
    on conflict ("orgId", "eventKey", "time") do nothing
    returning "id", "orgId", "time", "senderDomain", "provider", "serverId", "campaign", "status", "category", "delaySeconds", "replyCode",
      "messageId", "queueId", "recipientHash", "engagementTracked", "machineOpen"
  ),
  written_k as (
    select *, coalesce("serverId", '') as "serverKey", "category" in ${ENGAGEMENT_SQL} as "engagement" from written
  ),
  engaged as (
    select distinct on (${marker}) "id", ${marker}, "time", "senderDomain", "provider", "serverKey", "campaign", "allMachine"
    from (
      select *, bool_and("machineOpen") over (partition by ${marker}) as "allMachine"
      from (select *, case when "messageId" <> '' then "messageId" else "queueId" end as "messageKey" from written_k where "engagement") k
    ) e
    order by ${marker}, "time"
  ),
  firsts as (
    insert into "MessageEngagement" (${marker}, "time", "machineOnly", "senderDomain", "provider", "serverId", "campaign")
    select ${marker}, "time", "allMachine", "senderDomain", "provider", "serverKey", "campaign" from engaged
    order by ${marker}
    on conflict (${marker}) do nothing
    returning ${marker}, "machineOnly"
  ),
  cleared as (
    update "MessageEngagement" m set "machineOnly" = false
    from engaged e
    where m."orgId" = e."orgId" and m."category" = e."category" and m."messageKey" = e."messageKey" and m."recipientHash" = e."recipientHash"
      and m."machineOnly" and not e."allMachine"
    returning m."orgId", m."time", m."senderDomain", m."provider", m."serverId", m."campaign", m."category"
  ),
  marked as (
    select w.*, f."id" is not null as "isFirst", coalesce(f."machineOnly", false) as "machineFirst", ${LATENCY_BUCKET_SQL} as "lb"
    from written_k w left join (select e."id", firsts."machineOnly" from engaged e join firsts using (${marker})) f on f."id" = w."id"
  ),
  rollup_src as (
    select "id", "orgId", "time", "senderDomain", "provider", "serverKey", "campaign", "status", "category", "delaySeconds", "replyCode",
      "engagement", "engagementTracked", "isFirst", "machineFirst", "lb", 0 as "unmachined"
    from marked
    union all
    select null::bigint, "orgId", "time", "senderDomain", "provider", "serverId", "campaign", 'sent', "category", null::float8, null::text,
      true, false, false, false, null::int, 1
    from cleared
  ),
  ${[...rollups, ...codeRollups].join(",\n  ")}
  select count(*)::int as "inserted", max("time") as "latest", coalesce(array_agg(distinct "provider"), '{}') as "providers" from written`;
})();

/**
 * Inserts the rows (duplicates of existing events are skipped) and adds exactly the rows written to the
 * minute, hour and day rollups; returns what was written.
 */
export async function insertEventRows(ctx: Pick<InTx<SystemContext>, "db">, input: { rows: EventRow[] }): Promise<InsertSummary> {
  const out: InsertSummary = { inserted: 0, latest: null, providers: [] };
  await insertInto(ctx.db, input.rows, out);
  return out;
}

/**
 * Writes rows as the caller produces them, one insert after another on the transaction's connection,
 * without waiting: while the database writes one slice of a batch, the caller parses the next (the two
 * largest costs of a batch, on two processes). `done()` waits for every insert and reports what was
 * written; a failed insert fails `done()` (and every insert queued after it is not sent).
 */
export class EventRowWriter {
  private pending: Promise<void> = Promise.resolve();
  private readonly out: InsertSummary = { inserted: 0, latest: null, providers: [] };

  constructor(private readonly tx: Tx) {}

  write(rows: EventRow[]): void {
    if (rows.length === 0) return;
    this.pending = this.pending.then(() => insertInto(this.tx, rows, this.out));
    // Seen by done(); until then a failure must not count as an unhandled rejection.
    this.pending.catch(() => undefined);
  }

  async done(): Promise<InsertSummary> {
    await this.pending;
    return this.out;
  }
}

async function insertInto(tx: Tx, rows: EventRow[], out: InsertSummary): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK_ROWS) {
    const chunk = rows.slice(i, i + INSERT_CHUNK_ROWS);
    const params: unknown[] = [chunk.map((r) => r.time.toISOString())];
    for (const c of TEXT_COLUMNS) params.push(chunk.map((r) => r[c]));
    params.push(chunk.map((r) => r.delaySeconds));
    params.push(chunk.map((r) => r.engagementTracked ?? false));
    params.push(chunk.map((r) => r.machineOpen ?? false));
    const [r] = await tx.$queryRawUnsafe<{ inserted: number; latest: Date | null; providers: string[] }[]>(INSERT_SQL, ...params);
    if (!r || r.inserted === 0) continue;
    out.inserted += r.inserted;
    const latest = r.latest === null ? null : new Date(r.latest);
    if (latest && (out.latest === null || latest > out.latest)) out.latest = latest;
    out.providers = [...new Set([...out.providers, ...r.providers])];
  }
}
