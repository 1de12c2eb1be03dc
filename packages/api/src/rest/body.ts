/**
 * Reads an HTTP request body with its limits enforced while it streams: the wire size is checked per
 * chunk (a 5 GiB upload is refused after the limit, not after buffering it), gzip is inflated with an
 * output cap (a gzip bomb stops at the cap), and a truncated gzip stream is an error, not a partial batch.
 * Every refusal is a typed ServiceError, answered by errorResponse like any other.
 */
import { promisify } from "node:util";
import zlib from "node:zlib";

import { TooLargeError, UnsupportedMediaTypeError, ValidationError } from "@inboxwatch/services";

/** Bytes on the wire per log request: keeps one batch (and its transaction) small; clients split bigger logs. */
export const INGEST_MAX_REQUEST_BYTES = 5 * 1024 * 1024;
/** Bytes after gzip inflation: text logs compress ~5–10×, so this admits honest batches and stops bombs. */
export const INGEST_MAX_INFLATED_BYTES = 25 * 1024 * 1024;

const gunzip = promisify(zlib.gunzip);

export interface IngestBody {
  text: Buffer;
  wireBytes: number;
  /** The body as sent when it was gzip, so it can be stored without compressing again. */
  gzip: Buffer | null;
}

/** Reads at most `max` bytes of a body; null when it is longer (the rest is not read). */
export async function readBodyCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer | null> {
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, size);
}

/** A log or queue body: identity or gzip, at most `maxWireBytes` sent and `maxInflatedBytes` inflated. */
export async function readIngestBody(
  body: ReadableStream<Uint8Array> | null,
  headers: { contentLength?: string | null; contentEncoding?: string | null },
  limits: { maxWireBytes?: number; maxInflatedBytes?: number } = {},
): Promise<IngestBody> {
  const maxWire = limits.maxWireBytes ?? INGEST_MAX_REQUEST_BYTES;
  const maxInflated = limits.maxInflatedBytes ?? INGEST_MAX_INFLATED_BYTES;
  const encoding = (headers.contentEncoding ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip" && encoding !== "x-gzip") {
    throw new UnsupportedMediaTypeError(`Content-Encoding "${encoding}" is not supported; send identity or gzip`);
  }
  const declared = Number(headers.contentLength ?? NaN);
  if (Number.isFinite(declared) && declared > maxWire)
    throw new TooLargeError(`Request body of ${declared} bytes exceeds ${maxWire} bytes; split the batch`);

  const wire = await readBodyCapped(body, maxWire);
  if (!wire) throw new TooLargeError(`Request body exceeds ${maxWire} bytes; split the batch`);
  if (wire.byteLength === 0) throw new ValidationError("The request body is empty");
  if (encoding === "identity") return { text: wire, wireBytes: wire.byteLength, gzip: null };
  try {
    const text = await gunzip(wire, { maxOutputLength: maxInflated });
    return { text, wireBytes: wire.byteLength, gzip: wire };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError)
      throw new TooLargeError(`The body inflates to more than ${maxInflated} bytes`);
    // Z_BUF_ERROR is zlib's "unexpected end of file": the stream was cut.
    throw new ValidationError(`The gzip body is ${code === "Z_BUF_ERROR" ? "truncated" : "not valid gzip"}`);
  }
}
