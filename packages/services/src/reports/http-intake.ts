/**
 * HTTP intake of one report (REST `POST /api/v1/ingest/reports` and the UI upload): the request body
 * is the raw file or email, as is (XML, .xml.gz, .zip, JSON, .json.gz, .eml). The size limit is
 * checked while the body streams, so a 5 GiB upload is refused after 25 MiB, not after buffering it.
 * 202 once the raw report is committed (its processing queued); 200 for bytes already stored.
 */
import { z } from "zod";

import { type OrgContext } from "../context.ts";
import { ingestReport, RAW_REPORT_MAX_BYTES, type TReportChannel } from "./ingest.ts";

export const ZIngestReportResponse = z.object({
  id: z.string(),
  duplicate: z.boolean().describe("true when the same bytes were already stored; nothing new was queued"),
  sha256: z.string(),
});

export interface HttpReply {
  status: number;
  body: unknown;
}

const error = (status: number, code: string, message: string): HttpReply => ({ status, body: { error: { code, message } } });

/** Reads at most `max` bytes of a request body; null when it is longer (the rest is not read). */
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

export async function receiveReport(ctx: OrgContext, req: Request, channel: Extract<TReportChannel, "API" | "UPLOAD">): Promise<HttpReply> {
  const tooLarge = error(413, "TOO_LARGE", `A report may be at most ${RAW_REPORT_MAX_BYTES} bytes`);
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > RAW_REPORT_MAX_BYTES) return tooLarge;
  const bytes = await readBodyCapped(req.body, RAW_REPORT_MAX_BYTES);
  if (!bytes) return tooLarge;
  if (bytes.byteLength === 0) return error(400, "EMPTY_BODY", "The request body is empty: send the report file as the body");
  const stored = await ingestReport(ctx, { bytes, channel });
  return { status: stored.duplicate ? 200 : 202, body: ZIngestReportResponse.parse(stored) };
}
