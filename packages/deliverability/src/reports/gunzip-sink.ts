/**
 * Streaming gzip (RFC 1952) decompression with a hard cap on the inflated size. Compressed input is fed
 * in REPORT_INFLATE_STEP_BYTES steps, so even a maximally compressed bomb can only produce a few MiB per
 * step before the running total is checked and the stream is abandoned.
 */
import { Gunzip } from "fflate";

import { type ByteSink } from "./byte-sink.ts";
import { REPORT_INFLATE_STEP_BYTES } from "./limits.ts";
import { ReportRejection } from "./rejection.ts";

export class GunzipSink implements ByteSink {
  private readonly gunzip: Gunzip;
  private inflatedBytes = 0;
  private ended = false;

  constructor(
    private readonly next: ByteSink,
    private readonly maxInflatedBytes: number,
  ) {
    this.gunzip = new Gunzip((data, final) => {
      this.inflatedBytes += data.length;
      if (this.inflatedBytes > this.maxInflatedBytes) {
        throw new ReportRejection("bomb", `gzip inflates to more than ${this.maxInflatedBytes} bytes`);
      }
      if (data.length > 0) this.next.write(data);
      if (final && !this.ended) {
        this.ended = true;
        this.next.end();
      }
    });
  }

  write(chunk: Uint8Array): void {
    for (let offset = 0; offset < chunk.length; offset += REPORT_INFLATE_STEP_BYTES) {
      this.push(chunk.subarray(offset, offset + REPORT_INFLATE_STEP_BYTES), false);
    }
  }

  end(): void {
    this.push(new Uint8Array(0), true);
    if (!this.ended) throw new ReportRejection("malformed", "gzip stream ends early");
  }

  private push(chunk: Uint8Array, final: boolean): void {
    try {
      this.gunzip.push(chunk, final);
    } catch (err) {
      if (err instanceof ReportRejection) throw err;
      throw new ReportRejection("malformed", `gzip: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
