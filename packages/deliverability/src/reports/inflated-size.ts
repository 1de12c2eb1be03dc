/**
 * The dry run for gzip input: inflates with node's native zlib, counting and discarding the output,
 * and stops at the cap. Native inflate needs no JIT warm-up and runs several times faster than the
 * parsing pass, so a gzip bomb is refused in milliseconds before any record is parsed or emitted.
 * A second gzip layer (REPORT_MAX_GZIP_LAYERS) is measured the same way; for zip, the member that will
 * be parsed is found through the central directory (APPNOTE 4.3.12, 4.3.16) and measured likewise.
 */
import zlib from "node:zlib";

import { REPORT_INFLATE_STEP_BYTES } from "./limits.ts";
import { ReportRejection } from "./rejection.ts";

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Output chunk size of the native inflater: bounds memory per step the way REPORT_INFLATE_STEP_BYTES does. */
const NATIVE_CHUNK_BYTES = 256 * REPORT_INFLATE_STEP_BYTES;

/** Inflates `bytes` with `inflater`, discarding the output, and rejects past `maxInflatedBytes`. */
function countInflated(
  inflater: zlib.Gunzip | zlib.InflateRaw,
  bytes: Uint8Array,
  maxInflatedBytes: number,
  what: string,
  onFirst?: (chunk: Buffer) => boolean,
): Promise<Buffer[]> {
  const kept: Buffer[] = [];
  let keep = false;
  let seen = false;
  let inflated = 0;
  return new Promise<Buffer[]>((resolve, reject) => {
    inflater.on("data", (chunk: Buffer) => {
      inflated += chunk.length;
      if (inflated > maxInflatedBytes) {
        inflater.destroy();
        reject(new ReportRejection("bomb", `${what} inflates to more than ${maxInflatedBytes} bytes`));
        return;
      }
      if (!seen) keep = onFirst?.(chunk) ?? false;
      seen = true;
      if (keep) kept.push(chunk);
    });
    // Damage is judged by the parsing pass (which tolerates e.g. bytes after the gzip trailer, as
    // Mimecast sends): the dry run only measures.
    inflater.on("error", () => resolve(kept));
    inflater.on("end", () => resolve(kept));
    inflater.end(bytes);
  });
}

const ZIP_END_SIGNATURE = 0x06054b50;
const ZIP_CENTRAL_SIGNATURE = 0x02014b50;
const ZIP_DEFLATE = 8;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const ZIP_END_SEARCH_BYTES = 22 + 0xffff;

/** Dry run for zip: measures the member `name` (the one the parsing pass will read). */
export async function assertZipMemberWithinCap(zip: Uint8Array, name: string, maxInflatedBytes: number): Promise<void> {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - ZIP_END_SEARCH_BYTES); i--) {
    if (buf.readUInt32LE(i) === ZIP_END_SIGNATURE) {
      end = i;
      break;
    }
  }
  if (end === -1) throw new ReportRejection("malformed", "zip: no end of central directory");
  const entries = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  for (let n = 0; n < entries && at + 46 <= buf.length; n++) {
    if (buf.readUInt32LE(at) !== ZIP_CENTRAL_SIGNATURE) throw new ReportRejection("malformed", "zip: damaged central directory");
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const entryName = buf.toString("utf8", at + 46, at + 46 + nameLength);
    const local = buf.readUInt32LE(at + 42);
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    if (entryName !== name || local + 30 > buf.length) continue;
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + compressed);
    if (method === ZIP_DEFLATE)
      await countInflated(zlib.createInflateRaw({ chunkSize: NATIVE_CHUNK_BYTES }), data, maxInflatedBytes, "zip member");
    else if (data.length > maxInflatedBytes) throw new ReportRejection("bomb", `zip member is larger than ${maxInflatedBytes} bytes`);
    return;
  }
}

/**
 * Compressed gzip up to this size is measured in one synchronous inflate: at deflate's ~1032:1 worst case
 * it yields at most ~16.5 MiB, so one output buffer stays bounded, while a stream's setup (a 1 MiB output
 * buffer, thread-pool hops) costs more than inflating a typical 1–5 KiB aggregate report.
 */
export const SYNC_DRY_RUN_MAX_INPUT_BYTES = 16 * 1024;

export async function assertGzipWithinCap(bytes: Uint8Array, maxInflatedBytes: number, layersLeft: number): Promise<void> {
  if (bytes.length <= SYNC_DRY_RUN_MAX_INPUT_BYTES) {
    let out: Buffer;
    try {
      // Z_SYNC_FLUSH: a truncated stream yields what it has instead of throwing; the parsing pass reports it.
      out = zlib.gunzipSync(bytes, { maxOutputLength: maxInflatedBytes + 1, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch (err) {
      if (err instanceof RangeError) throw new ReportRejection("bomb", `gzip inflates to more than ${maxInflatedBytes} bytes`);
      return; // Corrupt data: the dry run only measures; the parsing pass rejects it with the reason.
    }
    if (out.length > maxInflatedBytes) throw new ReportRejection("bomb", `gzip inflates to more than ${maxInflatedBytes} bytes`);
    if (layersLeft > 1 && out[0] === GZIP_MAGIC_0 && out[1] === GZIP_MAGIC_1)
      await assertGzipWithinCap(out, maxInflatedBytes, layersLeft - 1);
    return;
  }
  // Only a nested gzip layer is kept (it is at most maxInflatedBytes) so it can be measured too.
  const isGzip = (chunk: Buffer) => layersLeft > 1 && chunk[0] === GZIP_MAGIC_0 && chunk[1] === GZIP_MAGIC_1;
  const inner = await countInflated(zlib.createGunzip({ chunkSize: NATIVE_CHUNK_BYTES }), bytes, maxInflatedBytes, "gzip", isGzip);
  if (inner.length > 0) await assertGzipWithinCap(Buffer.concat(inner), maxInflatedBytes, layersLeft - 1);
}
