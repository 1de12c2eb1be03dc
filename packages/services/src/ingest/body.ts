/**
 * Reads an ingest request body with its limits enforced while it streams: the wire size is checked per
 * chunk (a 5 GiB upload is refused after 5 MiB, not after buffering it), gzip is inflated with an output
 * cap (a gzip bomb stops at the cap), and a truncated gzip stream is an error, not a partial batch.
 */
import { promisify } from "node:util";
import zlib from "node:zlib";

/** Bytes on the wire per request: keeps one batch (and its transaction) small; clients split bigger logs. */
export const INGEST_MAX_REQUEST_BYTES = 5 * 1024 * 1024;
/** Bytes after gzip inflation: text logs compress ~5–10×, so this admits honest batches and stops bombs. */
export const INGEST_MAX_INFLATED_BYTES = 25 * 1024 * 1024;

const gunzip = promisify(zlib.gunzip);

export type IngestBody =
  | { ok: true; text: Buffer; wireBytes: number; gzip: Buffer | null }
  | { ok: false; status: 400 | 413 | 415; code: string; message: string };

const tooLarge = (message: string): IngestBody => ({ ok: false, status: 413, code: "TOO_LARGE", message });

export async function readIngestBody(
  body: ReadableStream<Uint8Array> | null,
  headers: { contentLength?: string | null; contentEncoding?: string | null },
  limits: { maxWireBytes?: number; maxInflatedBytes?: number } = {},
): Promise<IngestBody> {
  const maxWire = limits.maxWireBytes ?? INGEST_MAX_REQUEST_BYTES;
  const maxInflated = limits.maxInflatedBytes ?? INGEST_MAX_INFLATED_BYTES;
  const encoding = (headers.contentEncoding ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip" && encoding !== "x-gzip") {
    return {
      ok: false,
      status: 415,
      code: "UNSUPPORTED_ENCODING",
      message: `Content-Encoding "${encoding}" is not supported; send identity or gzip`,
    };
  }
  const declared = Number(headers.contentLength ?? NaN);
  if (Number.isFinite(declared) && declared > maxWire)
    return tooLarge(`Request body of ${declared} bytes exceeds ${maxWire} bytes; split the batch`);

  const chunks: Buffer[] = [];
  let wireBytes = 0;
  if (body) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      wireBytes += value.byteLength;
      if (wireBytes > maxWire) {
        await reader.cancel().catch(() => undefined);
        return tooLarge(`Request body exceeds ${maxWire} bytes; split the batch`);
      }
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  }
  const wire = Buffer.concat(chunks, wireBytes);
  if (wireBytes === 0) return { ok: false, status: 400, code: "EMPTY_BODY", message: "The request body is empty" };
  if (encoding === "identity") return { ok: true, text: wire, wireBytes, gzip: null };
  try {
    const text = await gunzip(wire, { maxOutputLength: maxInflated });
    return { ok: true, text, wireBytes, gzip: wire };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError)
      return tooLarge(`The body inflates to more than ${maxInflated} bytes`);
    // Z_BUF_ERROR is zlib's "unexpected end of file": the stream was cut.
    const what = code === "Z_BUF_ERROR" ? "truncated" : "not valid gzip";
    return { ok: false, status: 400, code: "INVALID_GZIP", message: `The gzip body is ${what}` };
  }
}

/**
 * Lines the correlator will count in `text`: non-empty lines (a CR before the LF is dropped), and a last
 * line without a newline unless it is only whitespace. Acknowledged lines must equal processed lines.
 */
export function countLogLines(text: Buffer): number {
  let n = 0;
  let pos = 0;
  for (let nl = text.indexOf(10, pos); nl >= 0; nl = text.indexOf(10, pos)) {
    const end = nl > pos && text[nl - 1] === 13 ? nl - 1 : nl;
    if (end > pos) n++;
    pos = nl + 1;
  }
  if (pos < text.length && text.toString("latin1", pos).trim() !== "") n++;
  return n;
}
