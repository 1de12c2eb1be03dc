/**
 * DeliveryEvent rows from correlator events, written with multi-row inserts (one array parameter per
 * column, unnest()ed server-side: one round trip per chunk, no per-row parameters); the rows those
 * inserts actually wrote go on to the rollups (rollups.ts).
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
export function serverFor(e: { host: string; relayHost: string }, source: string, servers: RowContext["servers"]): RowContext["servers"][number] | undefined {
  if (servers.length === 0) return undefined;
  return matchServer(e.host, servers) ?? matchServer(source, servers) ?? matchServer(e.relayHost, servers);
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

/** What the rollups and the throttling detector need of each inserted row. */
export interface InsertedEvent {
  time: Date;
  senderDomain: string;
  provider: string;
  serverId: string | null;
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
    returning "time", "senderDomain", "provider", "serverId", "status", "category", "delaySeconds"`;
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
