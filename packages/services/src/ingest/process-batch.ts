/**
 * The `ingest.process-batch` job: one RawLogBatch through the source's LogCorrelator into DeliveryEvents,
 * minute/hour/day rollups and throttling detections, in ONE transaction with the correlator state and the
 * batch status. A crash anywhere rolls everything back and the retry re-runs the whole batch; events dedup by their business
 * key (ON CONFLICT DO NOTHING) and rollups count only the rows that insert actually wrote, so nothing is
 * counted twice. The source's state row is locked for the transaction: batches of one source are
 * processed one at a time, in whatever order the queue hands them out.
 */
import { gunzipSync } from "node:zlib";

import { type CorrelatorState, getLogFormat, LogCorrelator, UNPARSED_SAMPLE_MAX } from "@inboxwatch/deliverability/logs";

import { forOrg, type InTx, inTx, type SystemContext } from "../context.ts";
import { metrics } from "../metrics/registry.ts";
import { getIngestSettings } from "./settings.ts";
import { EventRowWriter, pgText, toEventRow } from "./event-rows.ts";
import { runDetections } from "./detections.ts";
import { packState, unpackState } from "./source-state.ts";

/** A big batch holds ~40k lines; parsing plus inserts take seconds, far below this. */
const PROCESS_TX_TIMEOUT_MS = 5 * 60 * 1000;
/** Waiting for another batch of the same source to release the state lock. */
const PROCESS_TX_MAX_WAIT_MS = 30 * 1000;
/**
 * A batch is parsed a slice at a time and each slice's events are inserted while the next is parsed.
 * 1 MiB is ~650 events on an outbound relay: enough rows to amortise a statement (its planning alone is
 * ~10 ms), few enough that the first insert starts early in a 4 MiB batch.
 */
const PARSE_SLICE_BYTES = 1024 * 1024;

/** Lets queued I/O go out (a query just handed to the driver is written to the socket) before more CPU work. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `text` cut after a newline about every `bytes` bytes (no copy); the last slice takes the rest. */
function* slices(text: Buffer, bytes: number): Generator<Buffer> {
  let pos = 0;
  while (pos < text.length) {
    const nl = pos + bytes >= text.length ? -1 : text.indexOf(10, pos + bytes);
    const end = nl < 0 ? text.length : nl + 1;
    yield text.subarray(pos, end);
    pos = end;
  }
}

export interface ProcessBatchResult {
  status: "processed" | "skipped" | "failed";
  lines: number;
  events: number;
  inserted: number;
  unparsed: number;
  /** Throttling/greylisting/congestion episodes seen in the window after this batch. */
  detections?: number;
  error?: string;
}

interface BatchRow {
  id: string;
  orgId: string;
  source: string;
  format: string;
  status: string;
  body: Uint8Array;
  receivedAt: Date;
}

/** Fault injection for tests: called inside the transaction after the events and rollups are written. */
export interface ProcessHooks {
  afterWrites?: () => Promise<void> | void;
}

export async function processLogBatch(ctx: SystemContext, input: { batchId: string; hooks?: ProcessHooks }): Promise<ProcessBatchResult> {
  try {
    const read: { receivedAt?: Date } = {};
    const result = await ctx.db.$transaction((tx) => processInTx(inTx(ctx, tx), input.batchId, input.hooks ?? {}, read), {
      timeout: PROCESS_TX_TIMEOUT_MS,
      maxWait: PROCESS_TX_MAX_WAIT_MS,
    });
    // Counted once committed: a rolled-back attempt stored nothing, and its retry counts for itself.
    if (result.status === "processed" && read.receivedAt) {
      metrics().ingestEventsStored.inc(result.inserted);
      metrics().ingestLag.observe((Date.now() - read.receivedAt.getTime()) / 1000);
    }
    return result;
  } catch (err) {
    if (!(err instanceof UnreadableBatchError)) throw err;
    // A body that cannot be read will not become readable on retry: record why and stop.
    await ctx.db.rawLogBatch.updateMany({
      where: { id: input.batchId, orgId: err.orgId },
      data: { status: "FAILED", error: err.message.slice(0, 500) },
    });
    return { status: "failed", lines: 0, events: 0, inserted: 0, unparsed: 0, error: err.message };
  }
}

class UnreadableBatchError extends Error {
  constructor(
    message: string,
    readonly orgId: string,
  ) {
    super(message);
  }
}

async function processInTx(
  ctx: InTx<SystemContext>,
  batchId: string,
  hooks: ProcessHooks,
  read: { receivedAt?: Date },
): Promise<ProcessBatchResult> {
  const tx = ctx.db;
  // The job names a batch by id; from here on every statement is scoped by the batch's orgId.
  const [batch] = await tx.$queryRaw<BatchRow[]>`
    select "id", "orgId", "source", "format", "status"::text as "status", "body", "receivedAt"
    from "RawLogBatch" where "id" = ${batchId} for update`;
  if (!batch || batch.status === "PROCESSED") return { status: "skipped", lines: 0, events: 0, inserted: 0, unparsed: 0 };
  const { orgId, source } = batch;
  read.receivedAt = batch.receivedAt;
  const orgCtx = forOrg(ctx, orgId);

  let text: Buffer;
  try {
    text = gunzipSync(batch.body);
  } catch (err) {
    throw new UnreadableBatchError(`stored body is not readable gzip: ${(err as Error).message}`, orgId);
  }

  await tx.$executeRaw`
    insert into "LogSourceState" ("orgId", "source", "state", "unparsedSample", "updatedAt")
    values (${orgId}, ${source}, ${new Uint8Array(0)}, ${[]}::text[], now()) on conflict do nothing`;
  const [stateRow] = await tx.$queryRaw<{ state: Uint8Array; unparsedSample: string[] | null }[]>`
    select "state", "unparsedSample" from "LogSourceState" where "orgId" = ${orgId} and "source" = ${source} for update`;

  const format = getLogFormat(batch.format) ?? getLogFormat("auto");
  const opts = { format, year: batch.receivedAt.getUTCFullYear() };
  // Read while the saved state is unpacked (the queries wait on the database, the unpacking on this process).
  const context = Promise.all([
    getIngestSettings(orgCtx),
    tx.mailServer.findMany({ where: { orgId }, select: { id: true, hostname: true, role: true } }),
  ]);
  context.catch(() => undefined);
  await yieldToIo();
  const saved: CorrelatorState | null = stateRow && stateRow.state.length > 0 ? unpackState(stateRow.state) : null;
  const before = saved?.stats ?? { lines: 0, events: 0, unparsed: 0 };
  // Restored with an empty sample so this batch's unparsed lines are sampled afresh (newest first below).
  const correlator = saved
    ? LogCorrelator.restore({ ...saved, stats: { ...saved.stats, unparsedSample: [] } }, opts)
    : new LogCorrelator(opts);
  const [settings, servers] = await context;
  const rowContext = { orgId, source, receivedAt: batch.receivedAt, settings, servers };

  // Parse slice k+1 while slice k's events are inserted (see PARSE_SLICE_BYTES); same rows, same statement per chunk.
  const writer = new EventRowWriter(tx);
  let events = 0;
  for (const slice of [...slices(text, PARSE_SLICE_BYTES), null]) {
    const found = slice === null ? correlator.end() : correlator.write(slice);
    events += found.length;
    writer.write(found.map((e) => toEventRow(e, rowContext)));
    await yieldToIo();
  }
  const inserted = await writer.done();
  const stats = correlator.getStats();
  const lines = stats.lines - before.lines;
  const unparsed = stats.unparsed - before.unparsed;

  // In the same transaction: a retried batch re-detects over the same events and updates, never duplicates.
  // The state is serialised while the detector's queries run.
  const detecting = runDetections(orgCtx, { inserted });
  detecting.catch(() => undefined);
  await yieldToIo();
  const state = packState({ ...correlator.serialize(), stats: { ...stats, unparsedSample: [] } });
  const { detections } = await detecting;
  await hooks.afterWrites?.();

  const sample = [...stats.unparsedSample.map(pgText), ...(stateRow?.unparsedSample ?? [])].slice(0, UNPARSED_SAMPLE_MAX);
  // The source's state and the batch's status in one statement (one round trip).
  await tx.$executeRaw`
    with "saved" as (
      update "LogSourceState" set "state" = ${state}, "lines" = "lines" + ${lines}, "events" = "events" + ${inserted.inserted},
        "unparsed" = "unparsed" + ${unparsed}, "unparsedSample" = ${sample}::text[], "updatedAt" = now()
      where "orgId" = ${orgId} and "source" = ${source})
    update "RawLogBatch" set "status" = 'PROCESSED', "processedAt" = ${new Date()}, "eventCount" = ${inserted.inserted}, "error" = null
    where "id" = ${batch.id} and "orgId" = ${orgId}`;
  return { status: "processed", lines, events, inserted: inserted.inserted, unparsed, detections: detections.length };
}
