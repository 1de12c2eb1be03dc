/**
 * The one way a log batch enters the platform (HTTP and syslog alike): the raw batch row and its
 * processing job are written in one transaction, so a batch is acknowledged only once it is durable,
 * and every durable batch gets processed. A batch id seen before returns the original row instead.
 *
 * No audit row per batch: batches are data, not configuration, and arrive thousands a day; the
 * RawLogBatch row itself records who sent what and when.
 */
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import zlib from "node:zlib";

import { getLogFormat } from "@inboxwatch/deliverability/logs";
import { sendJob } from "@inboxwatch/jobs";

import { type OrgContext } from "../context.ts";
import { isUniqueViolation, ValidationError } from "../errors.ts";
import { countLogLines } from "./line-count.ts";

const gzip = promisify(zlib.gzip);

/** Names a log source (one correlator state per source): "mx1", "postfix:edge", "sendgrid". */
export const LOG_SOURCE_RE = /^[A-Za-z0-9._:-]{1,64}$/;
/** Idempotency keys: whatever the client uses (UUID, hash, file offset), printable and bounded. */
export const BATCH_ID_RE = /^[\x21-\x7e]{1,128}$/;
/** Raw text is stored compressed; level 1 is ~4× faster than the default for ~10 % more bytes. */
const STORE_GZIP_LEVEL = 1;

export interface AcceptLogBatchInput {
  source: string;
  format: string;
  batchId?: string | null;
  /** The raw text (any bytes; invalid UTF-8 is tolerated downstream). */
  text: Buffer;
  /** The same text as gzip when the client sent it so; stored as is instead of compressing again. */
  gzip?: Buffer | null;
}

export interface AcceptedBatch {
  id: string;
  batchId: string;
  lineCount: number;
  byteSize: number;
  duplicate: boolean;
}

export async function acceptLogBatch(ctx: OrgContext, input: AcceptLogBatchInput): Promise<AcceptedBatch> {
  if (!LOG_SOURCE_RE.test(input.source)) throw new ValidationError("source must be 1–64 characters of A–Z a–z 0–9 . _ : -");
  if (!getLogFormat(input.format)) throw new ValidationError(`Unknown log format "${input.format}"`);
  if (input.batchId != null && !BATCH_ID_RE.test(input.batchId))
    throw new ValidationError("batch id must be 1–128 printable ASCII characters");
  const batchId = input.batchId ?? randomUUID();
  const select = { id: true, batchId: true, lineCount: true, byteSize: true } as const;
  const existing = async () => ctx.db.rawLogBatch.findUnique({ where: { orgId_batchId: { orgId: ctx.orgId, batchId } }, select });

  if (input.batchId != null) {
    const seen = await existing();
    if (seen) return { ...seen, duplicate: true };
  }
  const lineCount = countLogLines(input.text);
  const body = input.gzip ?? (await gzip(input.text, { level: STORE_GZIP_LEVEL }));
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.rawLogBatch.create({
        data: {
          orgId: ctx.orgId,
          source: input.source,
          batchId,
          format: input.format,
          byteSize: input.text.length,
          lineCount,
          body: new Uint8Array(body),
        },
        select,
      });
      await sendJob("ingest.process-batch", { batchId: row.id }, { tx });
      return { ...row, duplicate: false };
    });
  } catch (err) {
    // The same batch id sent twice at once: the loser reports the winner's row.
    if (isUniqueViolation(err)) {
      const seen = await existing();
      if (seen) return { ...seen, duplicate: true };
    }
    throw err;
  }
}
