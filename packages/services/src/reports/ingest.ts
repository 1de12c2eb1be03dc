/**
 * Report intake, shared by every channel (inbound SMTP, IMAP, upload, REST): the raw bytes are stored
 * once per organization (sha256 is the idempotency key, so a report delivered five times is one row) and
 * the `reports.process` job is enqueued in the same transaction. The function returns only after the
 * commit, so a channel that acknowledges after it never loses a report it acknowledged.
 */
import { createHash, randomUUID } from "node:crypto";

import { REPORT_MAX_INPUT_BYTES } from "@inboxwatch/deliverability/reports";
import { sendJob } from "@inboxwatch/jobs";

import { recordAudit } from "../audit/record.ts";
import { type OrgContext } from "../context.ts";
import { LimitExceededError, ValidationError } from "../errors.ts";

export const REPORT_CHANNELS = ["SMTP", "IMAP", "UPLOAD", "API"] as const;
export type TReportChannel = (typeof REPORT_CHANNELS)[number];

/** Bytes of one raw report: the parser's input limit, so nothing is stored that could never be parsed. */
export const RAW_REPORT_MAX_BYTES = REPORT_MAX_INPUT_BYTES;

export interface IngestedReport {
  id: string;
  /** True when these exact bytes were already stored for the organization (nothing new was queued). */
  duplicate: boolean;
  sha256: string;
}

export async function ingestReport(ctx: OrgContext, input: { bytes: Uint8Array; channel: TReportChannel }): Promise<IngestedReport> {
  const { bytes, channel } = input;
  if (bytes.byteLength === 0) throw new ValidationError("The report is empty");
  if (bytes.byteLength > RAW_REPORT_MAX_BYTES) throw new LimitExceededError(`A report may be at most ${RAW_REPORT_MAX_BYTES} bytes`);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const id = randomUUID();
  const inserted = await ctx.db.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: a concurrent delivery of the same bytes waits for ours and inserts nothing.
    const { count } = await tx.rawReport.createMany({
      data: [{ id, orgId: ctx.orgId, channel, sha256, bytes: new Uint8Array(bytes), sizeBytes: bytes.byteLength }],
      skipDuplicates: true,
    });
    if (count === 0) return false;
    await sendJob("reports.process", { orgId: ctx.orgId, rawReportId: id }, { tx });
    // A person's upload is audited; machine intake (SMTP, IMAP, REST) is data, like log batches, not an audit event.
    if (channel === "UPLOAD") await recordAudit(tx, ctx, { action: "report.upload", targetType: "RawReport", targetId: id, metadata: { sizeBytes: bytes.byteLength } });
    return true;
  });
  if (inserted) return { id, duplicate: false, sha256 };
  const existing = await ctx.db.rawReport.findUniqueOrThrow({ where: { orgId_sha256: { orgId: ctx.orgId, sha256 } }, select: { id: true } });
  return { id: existing.id, duplicate: true, sha256 };
}
