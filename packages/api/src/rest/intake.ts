/**
 * The HTTP intake (POST /api/v1/ingest/logs, /ingest/queue, /ingest/reports and the UI upload) minus
 * authentication, which restHandler and sessionHandler do: the per-organization rate limit, the body
 * limits enforced while the body streams, the verb, and the success reply. The reply is built only after
 * the verb committed (a batch and its job, a report and its job), so an acknowledged body is never lost.
 * Every refusal is a thrown ServiceError that errorResponse answers; kept apart from the route table so
 * it is tested against real Request objects and a real database.
 */
import { z } from "zod";

import {
  isDatabaseUnavailable,
  type OrgContext,
  RateLimitedError,
  TooLargeError,
  UnavailableError,
  ValidationError,
} from "@inboxwatch/services";
import { takeRateLimit } from "@inboxwatch/services/apikey";
import { acceptLogBatch, recordQueueSnapshot, ZQueueSnapshot } from "@inboxwatch/services/ingest";
import { ingestReport, RAW_REPORT_MAX_BYTES, type TReportChannel } from "@inboxwatch/services/reports";

import { readBodyCapped, readIngestBody } from "./body.ts";

/** Requests per minute per organization on the ingest endpoints: a busy MTA ships a batch every few seconds. */
const INGEST_REQUESTS_PER_MINUTE = 600;
/** Retry-After when the database is unreachable: a PostgreSQL restart or failover takes seconds. */
const INGEST_UNAVAILABLE_RETRY_SECONDS = 5;
/** Queue snapshots are small JSON documents; anything bigger is not one. */
const QUEUE_BODY_MAX_BYTES = 64 * 1024;

/** A stored body: 202 when it is new, 200 when the same batch or bytes were stored before. */
export interface IntakeReply {
  status: 200 | 202;
  body: unknown;
}

export const ZIngestLogsResponse = z.object({
  id: z.string(),
  batchId: z.string().describe("The idempotency key: yours (Idempotency-Key / batch_id) or one made for you"),
  lines: z.number().int(),
  bytes: z.number().int(),
  duplicate: z.boolean().describe("true when this batch id was accepted before; nothing new was stored"),
});

export const ZIngestReportResponse = z.object({
  id: z.string(),
  duplicate: z.boolean().describe("true when the same bytes were already stored; nothing new was queued"),
  sha256: z.string(),
});

function takeIngestRate(ctx: OrgContext, limitPerMinute: number): void {
  const r = takeRateLimit(`ingest:${ctx.orgId}`, limitPerMinute);
  if (!r.ok) throw new RateLimitedError("Too many ingest requests for this organization", r.retryAfterSeconds);
}

const bodyHeaders = (req: Request) => ({
  contentLength: req.headers.get("content-length"),
  contentEncoding: req.headers.get("content-encoding"),
});

function formatOf(req: Request, url: URL): string {
  const explicit = url.searchParams.get("format") ?? req.headers.get("x-log-format");
  if (explicit) return explicit.trim().toLowerCase();
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  return /json/.test(type) ? "json" : "auto";
}

/** POST /api/v1/ingest/logs: raw syslog text or NDJSON, optionally gzip, with an optional idempotency key. */
export async function receiveLogs(ctx: OrgContext, req: Request, opts: { rateLimitPerMinute?: number } = {}): Promise<IntakeReply> {
  takeIngestRate(ctx, opts.rateLimitPerMinute ?? INGEST_REQUESTS_PER_MINUTE);
  const url = new URL(req.url);
  const body = await readIngestBody(req.body, bodyHeaders(req));
  const batchId = req.headers.get("idempotency-key") ?? req.headers.get("x-batch-id") ?? url.searchParams.get("batch_id");
  const source = url.searchParams.get("source") ?? req.headers.get("x-log-source") ?? "default";
  try {
    const a = await acceptLogBatch(ctx, { source, format: formatOf(req, url), batchId, text: body.text, gzip: body.gzip });
    const reply = { id: a.id, batchId: a.batchId, lines: a.lineCount, bytes: a.byteSize, duplicate: a.duplicate };
    return { status: a.duplicate ? 200 : 202, body: reply };
  } catch (err) {
    // The commit may or may not have happened: resending with the same batch id answers either way.
    if (isDatabaseUnavailable(err)) {
      throw new UnavailableError(
        "Storage is unavailable; send the batch again with the same Idempotency-Key",
        INGEST_UNAVAILABLE_RETRY_SECONDS,
      );
    }
    throw err;
  }
}

/** POST /api/v1/ingest/queue: one mail queue snapshot as JSON. */
export async function receiveQueueSnapshot(
  ctx: OrgContext,
  req: Request,
  opts: { rateLimitPerMinute?: number } = {},
): Promise<IntakeReply> {
  takeIngestRate(ctx, opts.rateLimitPerMinute ?? INGEST_REQUESTS_PER_MINUTE);
  const body = await readIngestBody(req.body, bodyHeaders(req), {
    maxWireBytes: QUEUE_BODY_MAX_BYTES,
    maxInflatedBytes: QUEUE_BODY_MAX_BYTES,
  });
  let json: unknown;
  try {
    json = JSON.parse(body.text.toString("utf8"));
  } catch {
    throw new ValidationError("The body is not JSON");
  }
  const parsed = ZQueueSnapshot.safeParse(json);
  if (!parsed.success) throw new ValidationError(z.prettifyError(parsed.error));
  return { status: 202, body: await recordQueueSnapshot(ctx, parsed.data) };
}

/**
 * The bytes of one report sent as the request body, as is (XML, .xml.gz, .zip, JSON, .json.gz, .eml). The
 * size limit is checked while the body streams, so a 5 GiB upload is refused after 25 MiB.
 */
export async function readReportBody(req: Request): Promise<Buffer> {
  const tooLarge = () => new TooLargeError(`A report may be at most ${RAW_REPORT_MAX_BYTES} bytes`);
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > RAW_REPORT_MAX_BYTES) throw tooLarge();
  const bytes = await readBodyCapped(req.body, RAW_REPORT_MAX_BYTES);
  if (!bytes) throw tooLarge();
  if (bytes.byteLength === 0) throw new ValidationError("The request body is empty: send the report file as the body");
  return bytes;
}

/** POST /api/v1/ingest/reports: 202 once the raw report is committed (its processing queued); 200 for bytes already stored. */
export async function receiveReport(
  ctx: OrgContext,
  req: Request,
  channel: Extract<TReportChannel, "API" | "UPLOAD">,
): Promise<IntakeReply> {
  const stored = await ingestReport(ctx, { bytes: await readReportBody(req), channel });
  return { status: stored.duplicate ? 200 : 202, body: ZIngestReportResponse.parse(stored) };
}
