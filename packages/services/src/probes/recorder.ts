/**
 * Group commit of probe results: the `probes.run` jobs a worker runs at once hand their results to one
 * recorder, which writes them as one batch (recordProbes: one multi-row INSERT of results) when
 * PROBE_RECORD_BATCH_MAX are waiting or PROBE_RECORD_LINGER_MS after the first one, whichever comes
 * first. Each job completes only once its own row is committed, so pg-boss still retries exactly the
 * jobs whose results were not stored; the job model (one job and singleton key per monitor) is unchanged.
 */
import { inTx, type SystemContext } from "../context.ts";
import { type ProbeToRecord, recordProbes, type RecordedProbe } from "./record.ts";

/** Results per transaction: the jobs one worker runs at once (25) fit in one; bigger batches hold row locks longer. */
export const PROBE_RECORD_BATCH_MAX = 50;
/** How long the first result waits for company: short next to a probe (tens of ms to 90 s), long next to a commit. */
export const PROBE_RECORD_LINGER_MS = 100;

/**
 * A batch waits this long for a pooled connection and may run this long: Prisma's defaults (2 s / 5 s)
 * are for single requests, and a loaded database must slow a batch down, not fail 50 jobs at once.
 */
export const PROBE_RECORD_TX_MAX_WAIT_MS = 10_000;
export const PROBE_RECORD_TX_TIMEOUT_MS = 30_000;

export interface ProbeRecorder {
  /** Resolves once the result is committed (or rejects with the error that kept it out). */
  record(item: ProbeToRecord): Promise<RecordedProbe>;
  /** Writes whatever is waiting now. */
  flush(): Promise<void>;
  /** Batches written and results recorded, for tests and metrics. */
  readonly stats: { batches: number; results: number; fallbacks: number };
}

interface Waiting {
  item: ProbeToRecord;
  resolve: (r: RecordedProbe) => void;
  reject: (err: unknown) => void;
}

export function createProbeRecorder(ctx: SystemContext, options: { batchMax?: number; lingerMs?: number } = {}): ProbeRecorder {
  const batchMax = options.batchMax ?? PROBE_RECORD_BATCH_MAX;
  const lingerMs = options.lingerMs ?? PROBE_RECORD_LINGER_MS;
  let queue: Waiting[] = [];
  let timer: NodeJS.Timeout | null = null;
  const stats = { batches: 0, results: 0, fallbacks: 0 };

  async function write(batch: Waiting[]): Promise<void> {
    try {
      const recorded = await ctx.db.$transaction((tx) => recordProbes(inTx(ctx, tx), { items: batch.map((w) => w.item) }), {
        maxWait: PROBE_RECORD_TX_MAX_WAIT_MS,
        timeout: PROBE_RECORD_TX_TIMEOUT_MS,
      });
      stats.batches += 1;
      stats.results += batch.length;
      batch.forEach((w, i) => {
        const r = recorded[i];
        if (r) w.resolve(r);
        else w.reject(new Error("recordProbes returned no entry for this item"));
      });
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
      // One bad row (or a deadlock with another batch) must not fail its neighbours: each alone, once.
      stats.fallbacks += 1;
      await Promise.all(batch.map((w) => write([w])));
    }
  }

  async function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const batch = queue;
    queue = [];
    if (batch.length > 0) await write(batch);
  }

  return {
    stats,
    flush,
    record(item) {
      return new Promise<RecordedProbe>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (queue.length >= batchMax) void flush();
        // unref: a waiting batch never keeps a stopping process alive; the jobs awaiting it do, until it is written.
        else timer ??= setTimeout(() => void flush(), lingerMs).unref();
      });
    },
  };
}
