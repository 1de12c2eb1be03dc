/**
 * The push-based byte pipeline the unpacker is built from: every stage (gunzip, unzip, sniffer, parser)
 * is a synchronous `ByteSink`, so a stage that exceeds a limit throws a `ReportRejection` straight out of
 * the `write()` that fed it and nothing downstream ever holds more than one chunk.
 */
import { REPORT_YIELD_EVERY_BYTES } from "./limits.ts";

export interface ByteSink {
  write(chunk: Uint8Array): void;
  end(): void;
}

/** Slice size for feeding an in-memory buffer into a pipeline. */
const PUMP_SLICE_BYTES = 64 * 1024;

/** Feeds `bytes` to `sink` in slices, yielding to the event loop now and then so large reports stay fair. */
export async function pump(bytes: Uint8Array, sink: ByteSink): Promise<void> {
  let sinceYield = 0;
  for (let offset = 0; offset < bytes.length; offset += PUMP_SLICE_BYTES) {
    const slice = bytes.subarray(offset, offset + PUMP_SLICE_BYTES);
    sink.write(slice);
    sinceYield += slice.length;
    if (sinceYield >= REPORT_YIELD_EVERY_BYTES / 16) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  sink.end();
}
