/**
 * Report intake, shared by every channel (inbound SMTP, IMAP, upload, REST): the raw bytes are stored
 * once per organization (sha256 is the idempotency key, so a report delivered five times is one row) and
 * the `reports.process` job is enqueued in the same transaction. The function returns only after the
 * commit, so a channel that acknowledges after it never loses a report it acknowledged.
 *
 * Machine channels (SMTP, IMAP, API) take a one-statement path (row + job in one data-modifying CTE, see
 * @inboxwatch/jobs insert-then-send.ts): a burst of report mail is the hot path, and an interactive
 * transaction per report was half its cost. Uploads keep the transaction because they are audited.
 */
import { createHash, randomUUID } from "node:crypto";

import { REPORT_MAX_INPUT_BYTES } from "@inboxwatch/deliverability/reports";
import { directSql } from "@inboxwatch/db";
import { insertThenSendJob, ROW_PARAMS_START, sendJob } from "@inboxwatch/jobs";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext } from "../context.ts";
import { TooLargeError, ValidationError } from "../errors.ts";
import { metrics } from "../metrics/registry.ts";

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
  if (bytes.byteLength > RAW_REPORT_MAX_BYTES) throw new TooLargeError(`A report may be at most ${RAW_REPORT_MAX_BYTES} bytes`);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const id = randomUUID();
  const inserted =
    channel === "UPLOAD" ? await insertAudited(ctx, { id, bytes, sha256 }) : await insertWithJob(ctx, { id, bytes, sha256, channel });
  metrics().reportIntake.inc({ channel, result: inserted ? "stored" : "duplicate" });
  if (inserted) return { id, duplicate: false, sha256 };
  const existing = await ctx.db.rawReport.findUniqueOrThrow({
    where: { orgId_sha256: { orgId: ctx.orgId, sha256 } },
    select: { id: true },
  });
  return { id: existing.id, duplicate: true, sha256 };
}

const RAW_REPORT_INSERT = (first: number) => `
  insert into "RawReport" (id, "orgId", channel, sha256, bytes, "sizeBytes")
  values ($${first}, $${first + 1}, $${first + 2}::"ReportChannel", $${first + 3}, $${first + 4}, $${first + 5})
  on conflict ("orgId", sha256) do nothing
  returning 1`;

/** One statement: the raw row and its `reports.process` job, or neither when the bytes are known. */
async function insertWithJob(
  ctx: OrgContext,
  row: { id: string; bytes: Uint8Array; sha256: string; channel: TReportChannel },
): Promise<boolean> {
  return insertThenSendJob(
    directSql(ctx.db),
    { sql: RAW_REPORT_INSERT(ROW_PARAMS_START), values: [row.id, ctx.orgId, row.channel, row.sha256, row.bytes, row.bytes.byteLength] },
    "reports.process",
    { orgId: ctx.orgId, rawReportId: row.id },
  );
}

/** A person's upload: the raw row, its job and the audit row in one transaction. */
async function insertAudited(ctx: OrgContext, row: { id: string; bytes: Uint8Array; sha256: string }): Promise<boolean> {
  return ctx.db.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: a concurrent delivery of the same bytes waits for ours and inserts nothing.
    const { count } = await tx.rawReport.createMany({
      data: [
        {
          id: row.id,
          orgId: ctx.orgId,
          channel: "UPLOAD",
          sha256: row.sha256,
          bytes: new Uint8Array(row.bytes),
          sizeBytes: row.bytes.byteLength,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return false;
    await sendJob("reports.process", { orgId: ctx.orgId, rawReportId: row.id }, { tx });
    await recordAudit(inTx(ctx, tx), {
      action: "report.upload",
      targetType: "RawReport",
      targetId: row.id,
      metadata: { sizeBytes: row.bytes.byteLength },
    });
    return true;
  });
}
