/**
 * DeliveryEvent rows from correlator events, written with multi-row inserts (one array parameter per
 * column, unnest()ed server-side: one round trip per chunk, no per-row parameters), and the hourly
 * rollups of exactly the rows those inserts wrote.
 */
import { createHash } from "node:crypto";

import { type DeliveryEvent } from "@inboxwatch/deliverability/logs";
import { type Tx } from "@inboxwatch/db";

import { hashRecipient } from "./settings.ts";

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
}

interface RowContext {
  orgId: string;
  source: string;
  receivedAt: Date;
  settings: { recipientSalt: string; keepRecipientAddresses: boolean };
  servers: { id: string; hostname: string; role: string }[];
}

function serverFor(host: string, servers: RowContext["servers"]): RowContext["servers"][number] | undefined {
  if (host === "" || servers.length === 0) return undefined;
  const h = host.toLowerCase();
  // Syslog usually carries the short hostname; inventory holds the FQDN.
  return servers.find((s) => s.hostname === h) ?? servers.find((s) => s.hostname.split(".")[0] === h);
}

/** PostgreSQL text cannot hold NUL; log lines sometimes do. */
export function pgText(s: string): string {
  return s.includes("\u0000") ? s.replaceAll("\u0000", "") : s;
}

export function toEventRow(e: DeliveryEvent, ctx: RowContext): EventRow {
  const parsed = e.time ? Date.parse(e.time) : NaN;
  const time = Number.isNaN(parsed) ? ctx.receivedAt : new Date(parsed);
  const at = e.sender.lastIndexOf("@");
  const senderDomain = at < 0 ? "" : pgText(e.sender.slice(at + 1).toLowerCase());
  const server = serverFor(e.host, ctx.servers);
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
  };
}

/** What the rollups need of each inserted row. */
export interface InsertedEvent {
  time: Date;
  senderDomain: string;
  provider: string;
  status: string;
  category: string;
  delaySeconds: number | null;
}

const TEXT_COLUMNS = [
  "orgId", "source", "host", "queueId", "senderDomain", "recipientDomain", "recipientHash", "recipient", "provider", "status",
  "eventType", "replyCode", "enhancedCode", "category", "reason", "response", "relayHost", "relayIp", "serverId", "hop", "eventKey",
] as const;

const INSERT_SQL = (() => {
  const cols = ["time", ...TEXT_COLUMNS, "delaySeconds"];
  const params = ["$1::timestamp(3)[]", ...TEXT_COLUMNS.map((_, i) => `$${i + 2}::text[]`), `$${TEXT_COLUMNS.length + 2}::float8[]`];
  return `insert into "DeliveryEvent" (${cols.map((c) => `"${c}"`).join(", ")})
    select * from unnest(${params.join(", ")})
    on conflict ("orgId", "eventKey", "time") do nothing
    returning "time", "senderDomain", "provider", "status", "category", "delaySeconds"`;
})();

/** Inserts the rows (duplicates of existing events are skipped) and returns the ones actually written. */
export async function insertEventRows(tx: Tx, rows: EventRow[]): Promise<InsertedEvent[]> {
  const out: InsertedEvent[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK_ROWS) {
    const chunk = rows.slice(i, i + INSERT_CHUNK_ROWS);
    const params: unknown[] = [chunk.map((r) => r.time.toISOString())];
    for (const c of TEXT_COLUMNS) params.push(chunk.map((r) => r[c]));
    params.push(chunk.map((r) => r.delaySeconds));
    out.push(...(await tx.$queryRawUnsafe<InsertedEvent[]>(INSERT_SQL, ...params)));
  }
  return out;
}

const ROLLUP_SQL = `insert into "DeliveryRollup" ("orgId", "hour", "senderDomain", "provider", "status", "category", "count", "delaySum", "delayCount")
  select $1, * from unnest($2::timestamp(3)[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::float8[], $9::int[])
  on conflict ("orgId", "hour", "senderDomain", "provider", "status", "category") do update set
    "count" = "DeliveryRollup"."count" + excluded."count",
    "delaySum" = "DeliveryRollup"."delaySum" + excluded."delaySum",
    "delayCount" = "DeliveryRollup"."delayCount" + excluded."delayCount"`;

const HOUR_MS = 3_600_000;

/** Adds the inserted events to their hourly rollups (aggregated here first: one upsert row per key). */
export async function upsertRollups(tx: Tx, orgId: string, events: InsertedEvent[]): Promise<number> {
  const groups = new Map<string, { hour: number; senderDomain: string; provider: string; status: string; category: string; count: number; delaySum: number; delayCount: number }>();
  for (const e of events) {
    const hour = Math.floor(new Date(e.time).getTime() / HOUR_MS) * HOUR_MS;
    const key = `${hour}\u0000${e.senderDomain}\u0000${e.provider}\u0000${e.status}\u0000${e.category}`;
    let g = groups.get(key);
    if (!g) {
      g = { hour, senderDomain: e.senderDomain, provider: e.provider, status: e.status, category: e.category, count: 0, delaySum: 0, delayCount: 0 };
      groups.set(key, g);
    }
    g.count++;
    if (e.delaySeconds !== null) {
      g.delaySum += e.delaySeconds;
      g.delayCount++;
    }
  }
  if (groups.size === 0) return 0;
  const g = [...groups.values()];
  await tx.$executeRawUnsafe(
    ROLLUP_SQL,
    orgId,
    g.map((x) => new Date(x.hour).toISOString()),
    g.map((x) => x.senderDomain),
    g.map((x) => x.provider),
    g.map((x) => x.status),
    g.map((x) => x.category),
    g.map((x) => x.count),
    g.map((x) => x.delaySum),
    g.map((x) => x.delayCount),
  );
  return g.length;
}
