/**
 * POST /api/v1/ingest/logs and /api/v1/ingest/queue, minus authentication (the web app's restHandler
 * does that): the per-organization rate limit, the body limits, and the reply. The reply is built only
 * after acceptLogBatch committed the batch and its job. Kept here, not in the route file, so it is
 * tested against real Request objects and a real database.
 */
import { z } from "zod";

import { takeRateLimit } from "../apikey/rate-limit.ts";
import { type OrgContext } from "../context.ts";
import { SERVICE_ERRORS, ServiceError } from "../errors.ts";
import { acceptLogBatch } from "./accept-batch.ts";
import { readIngestBody } from "./body.ts";
import { isDatabaseUnavailable } from "./db-unavailable.ts";
import { recordQueueSnapshot, ZQueueSnapshot } from "./queue.ts";

/** Requests per minute per organization on the ingest endpoints: a busy MTA ships a batch every few seconds. */
export const INGEST_REQUESTS_PER_MINUTE = 600;
/** Retry-After when the database is unreachable: a PostgreSQL restart or failover takes seconds. */
export const INGEST_UNAVAILABLE_RETRY_SECONDS = 5;

export interface IntakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const error = (status: number, code: string, message: string, headers?: Record<string, string>): IntakeReply => ({
  status,
  body: { error: { code, message } },
  headers,
});

function rateLimited(ctx: OrgContext, limit: number): IntakeReply | null {
  const r = takeRateLimit(`ingest:${ctx.orgId}`, limit);
  return r.ok
    ? null
    : error(SERVICE_ERRORS.RATE_LIMITED.http, "RATE_LIMITED", "Too many ingest requests for this organization", {
        "retry-after": String(r.retryAfterSeconds),
      });
}

function formatOf(req: Request, url: URL): string {
  const explicit = url.searchParams.get("format") ?? req.headers.get("x-log-format");
  if (explicit) return explicit.trim().toLowerCase();
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  return /json/.test(type) ? "json" : "auto";
}

export const ZIngestLogsResponse = z.object({
  id: z.string(),
  batchId: z.string().describe("The idempotency key: yours (Idempotency-Key / batch_id) or one made for you"),
  lines: z.number().int(),
  bytes: z.number().int(),
  duplicate: z.boolean().describe("true when this batch id was accepted before; nothing new was stored"),
});

export async function receiveLogs(ctx: OrgContext, req: Request, opts: { rateLimitPerMinute?: number } = {}): Promise<IntakeReply> {
  const limited = rateLimited(ctx, opts.rateLimitPerMinute ?? INGEST_REQUESTS_PER_MINUTE);
  if (limited) return limited;
  const url = new URL(req.url);
  const body = await readIngestBody(req.body, {
    contentLength: req.headers.get("content-length"),
    contentEncoding: req.headers.get("content-encoding"),
  });
  if (!body.ok) return error(body.status, body.code, body.message);
  const batchId = req.headers.get("idempotency-key") ?? req.headers.get("x-batch-id") ?? url.searchParams.get("batch_id");
  const source = url.searchParams.get("source") ?? req.headers.get("x-log-source") ?? "default";
  try {
    const a = await acceptLogBatch(ctx, { source, format: formatOf(req, url), batchId, text: body.text, gzip: body.gzip });
    const reply = { id: a.id, batchId: a.batchId, lines: a.lineCount, bytes: a.byteSize, duplicate: a.duplicate };
    return { status: a.duplicate ? 200 : 202, body: reply };
  } catch (err) {
    if (err instanceof ServiceError && err.code === "VALIDATION") return error(400, "VALIDATION", err.message);
    // The commit may or may not have happened: resending with the same batch id answers either way.
    if (isDatabaseUnavailable(err)) {
      return error(503, "UNAVAILABLE", "Storage is unavailable; send the batch again with the same Idempotency-Key", {
        "retry-after": String(INGEST_UNAVAILABLE_RETRY_SECONDS),
      });
    }
    throw err;
  }
}

/** Queue snapshots are small JSON documents; anything bigger is not one. */
const QUEUE_BODY_MAX_BYTES = 64 * 1024;

export async function receiveQueueSnapshot(
  ctx: OrgContext,
  req: Request,
  opts: { rateLimitPerMinute?: number } = {},
): Promise<IntakeReply> {
  const limited = rateLimited(ctx, opts.rateLimitPerMinute ?? INGEST_REQUESTS_PER_MINUTE);
  if (limited) return limited;
  const body = await readIngestBody(
    req.body,
    { contentLength: req.headers.get("content-length"), contentEncoding: req.headers.get("content-encoding") },
    { maxWireBytes: QUEUE_BODY_MAX_BYTES, maxInflatedBytes: QUEUE_BODY_MAX_BYTES },
  );
  if (!body.ok) return error(body.status, body.code, body.message);
  let json: unknown;
  try {
    json = JSON.parse(body.text.toString("utf8"));
  } catch {
    return error(400, "VALIDATION", "The body is not JSON");
  }
  const parsed = ZQueueSnapshot.safeParse(json);
  if (!parsed.success) return error(400, "VALIDATION", z.prettifyError(parsed.error));
  const row = await recordQueueSnapshot(ctx, parsed.data);
  return { status: 202, body: row };
}
