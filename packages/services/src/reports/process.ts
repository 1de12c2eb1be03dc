/**
 * The `reports.process` verb: one stored raw report → typed rows, all in ONE transaction with the
 * report's status change, so a report is either fully counted or not at all:
 * - DMARC records stream from the parser in batches (multi-row inserts), never all in memory; a
 *   rejection late in the file rolls every inserted record back;
 * - a report already stored under the same dedup key (reporter, report id, date range) is marked
 *   DUPLICATE and counted once;
 * - a rejected input is marked QUARANTINED with the parser's reason, kept for `reprocessReport`.
 */
import { randomUUID } from "node:crypto";

import { type DmarcRecord, dedupKey, parseReport, type ReportLimits } from "@inboxwatch/deliverability/reports";
import { type Db, directSql, type Prisma, type Tx } from "@inboxwatch/db";

import { encryptSecret } from "../crypto/secret-box.ts";
import { isUniqueViolation } from "../errors.ts";
import { recipientHasher } from "./recipients.ts";
import {
  parseSmallAggregate,
  quarantineRawReport,
  type SmallAggregate,
  STORE_STATEMENT_MAX_RECORDS,
  storeSmallAggregate,
  storeSmallAggregates,
} from "./store-aggregate.ts";
import { complaintRow, dmarcRecordRow, dmarcReportRow, KIND_OF, policyDomain, type RecordScope, tlsRows } from "./rows.ts";
import { type SystemContext } from "../context.ts";

/** Records per multi-row INSERT: ~25 columns each stays well under PostgreSQL's 65,535 bind parameters. */
export const REPORT_RECORD_BATCH = 1000;
/** A 100,000-record report inserts in well under a minute; the default 5 s interactive limit would abort it. */
const PROCESS_TRANSACTION_TIMEOUT_MS = 120_000;

export type ProcessOutcome = "PARSED" | "DUPLICATE" | "QUARANTINED" | "SKIPPED";

class Outcome extends Error {
  constructor(
    readonly status: "DUPLICATE" | "QUARANTINED",
    readonly data: Prisma.RawReportUpdateManyMutationInput,
  ) {
    super(status);
  }
}

/**
 * Parses and stores one raw report. Idempotent: a report that is not PENDING (already processed, or
 * processed by a concurrent run that holds its row lock first) is left as it is. Small aggregate
 * reports (the common case) take the single-statement path of store-aggregate.ts.
 */
export async function processRawReport(ctx: SystemContext, input: ProcessInput): Promise<{ status: ProcessOutcome }> {
  const { db } = ctx;
  const { orgId, rawReportId } = input;
  return withRejections(db, input, async () => {
    // Direct SQL (see directSql): this read runs once per report on the intake hot path.
    const [raw] = await directSql(db).$queryRawUnsafe<{ bytes: Uint8Array }[]>(
      `select bytes from "RawReport" where id = $1 and "orgId" = $2 and status = 'PENDING'`,
      rawReportId,
      orgId,
    );
    if (!raw) return { status: "SKIPPED" };
    const fast = await storeSmallAggregate(ctx, {
      orgId,
      rawReportId,
      bytes: raw.bytes,
      limits: input.limits,
      maxRecords: REPORT_RECORD_BATCH,
    });
    if (fast) return { status: fast };
    return storeInTransaction(db, input);
  });
}

type ProcessInput = { orgId: string; rawReportId: string; limits?: Partial<ReportLimits> };

/** Large aggregate reports, TLS reports and feedback: parsed and stored in one interactive transaction. */
async function storeInTransaction(db: Db, input: ProcessInput): Promise<{ status: "PARSED" | "SKIPPED" }> {
  const { orgId, rawReportId } = input;
  return db.$transaction(
    async (tx) => {
      // Row lock: a second run of the job waits here, then sees PARSED and skips.
      const [raw] = await tx.$queryRaw<{ status: string; bytes: Uint8Array; receivedAt: Date }[]>`
        select status::text as status, bytes, "receivedAt" from "RawReport" where id = ${rawReportId} and "orgId" = ${orgId} for update`;
      if (raw?.status !== "PENDING") return { status: "SKIPPED" as const };
      await storeParsed(tx, { orgId, rawReportId, bytes: raw.bytes, receivedAt: raw.receivedAt, limits: input.limits });
      return { status: "PARSED" as const };
    },
    { timeout: PROCESS_TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
  );
}

/**
 * Runs a processing step; a duplicate or a rejection it throws (the transaction rolled back every row
 * it wrote) is recorded on the raw report outside it. Anything else is thrown for pg-boss to retry.
 */
async function withRejections(
  db: Db,
  input: ProcessInput,
  step: () => Promise<{ status: ProcessOutcome }>,
): Promise<{ status: ProcessOutcome }> {
  try {
    return await step();
  } catch (caught) {
    const err = caught instanceof Outcome ? caught : asDataRejection(caught);
    if (!err) throw caught;
    await db.rawReport.updateMany({
      where: { id: input.rawReportId, orgId: input.orgId, status: "PENDING" },
      data: { ...err.data, status: err.status, processedAt: new Date(), attempts: { increment: 1 } },
    });
    return { status: err.status };
  }
}

export interface RawReportRef {
  orgId: string;
  rawReportId: string;
}

/**
 * Processes many raw reports (a fetched batch of `reports.process` jobs, possibly of several
 * organizations) with a few statements instead of two per report: one read of all their bytes, then one
 * store statement per STORE_STATEMENT_MAX_RECORDS records for the small aggregate reports; rejected
 * inputs are quarantined one by one. TLS reports, feedback and large reports go straight to the
 * transactional path (not read or fast-path parsed again); the reports of a store statement that failed
 * go through `processRawReport` one by one, which decides between retry and quarantine. Outcomes are in
 * input order; every step is idempotent, so a batch that throws can be re-run whole.
 */
export async function processRawReports(
  ctx: SystemContext,
  input: { items: readonly RawReportRef[]; limits?: Partial<ReportLimits> },
): Promise<ProcessOutcome[]> {
  const { db } = ctx;
  const { items, limits } = input;
  // Direct SQL (see directSql). The tenant pair is matched as a pair; each row is found by primary key
  // alone (OFFSET 0 fences the planner off the (orgId, status) index, see store-aggregate.ts).
  const raws = await directSql(db).$queryRawUnsafe<{ id: string; orgId: string; bytes: Uint8Array }[]>(
    `select raw.id, raw."orgId", raw.bytes from unnest($1::text[], $2::text[]) as ref(id, "orgId")
     cross join lateral (select r.id, r."orgId", r.status, r.bytes from "RawReport" r where r.id = ref.id offset 0) raw
     where raw."orgId" = ref."orgId" and raw.status = 'PENDING'`,
    items.map((i) => i.rawReportId),
    items.map((i) => i.orgId),
  );
  const bytesOf = new Map(raws.map((r) => [`${r.orgId}/${r.id}`, r.bytes]));
  const outcomes = new Map<RawReportRef, ProcessOutcome>();
  // Parsed above and not for the fast path (TLS reports, feedback, large reports): straight to the transaction.
  const transactional: RawReportRef[] = [];
  // Reports of a store statement that failed: one by one, each retried or quarantined on its own merits.
  const oneByOne: RawReportRef[] = [];
  const chunks: { refs: RawReportRef[]; reports: SmallAggregate[]; records: number }[] = [];
  for (const ref of items) {
    const bytes = bytesOf.get(`${ref.orgId}/${ref.rawReportId}`);
    if (!bytes) {
      outcomes.set(ref, "SKIPPED");
      continue;
    }
    const parsed = await parseSmallAggregate({ ...ref, bytes, limits, maxRecords: REPORT_RECORD_BATCH });
    if (parsed.kind === "quarantine") {
      outcomes.set(ref, await quarantineRawReport(ctx, { ...ref, reason: parsed.reason, message: parsed.message }));
      continue;
    }
    if (parsed.kind === "other") {
      transactional.push(ref);
      continue;
    }
    let chunk = chunks.at(-1);
    if (!chunk || chunk.records + parsed.records > STORE_STATEMENT_MAX_RECORDS) {
      chunk = { refs: [], reports: [], records: 0 };
      chunks.push(chunk);
    }
    chunk.refs.push(ref);
    chunk.reports.push(parsed.report);
    chunk.records += parsed.records;
  }
  for (const chunk of chunks) {
    try {
      const stored = await storeSmallAggregates(ctx, { reports: chunk.reports });
      for (const ref of chunk.refs) outcomes.set(ref, stored.get(ref.rawReportId) ?? "SKIPPED");
    } catch {
      // One refused value (or a deadlock with an overlapping re-run) fails the whole statement: store
      // these reports one by one, where each is retried or quarantined on its own merits.
      oneByOne.push(...chunk.refs);
    }
  }
  // One report that cannot be stored right now (lost connection, a bug) must not keep the rest of the
  // batch from being stored: every other report is processed, then the batch fails for pg-boss to retry
  // (the reports already stored are SKIPPED on the retry).
  const failures: unknown[] = [];
  const steps = [
    ...transactional.map(
      (ref) => [ref, () => withRejections(db, { ...ref, limits }, () => storeInTransaction(db, { ...ref, limits }))] as const,
    ),
    ...oneByOne.map((ref) => [ref, () => processRawReport(ctx, { ...ref, limits })] as const),
  ];
  for (const [ref, step] of steps) {
    try {
      outcomes.set(ref, (await step()).status);
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0)
    throw new AggregateError(
      failures,
      `${failures.length} of ${items.length} reports of the batch could not be processed; the batch will be retried`,
    );
  return items.map((ref) => outcomes.get(ref) ?? "SKIPPED");
}

/**
 * A value PostgreSQL refuses (SQLSTATE class 22, e.g. a NUL byte in a JSON string) would fail every
 * retry the same way: quarantine the report instead of dead-lettering the job. Anything else (lost
 * connection, lock timeout) is thrown for pg-boss to retry.
 */
function asDataRejection(err: unknown): Outcome | null {
  // pg's DatabaseError (directSql) carries the SQLSTATE as `code`; Prisma puts it in the message.
  const pgCode = err instanceof Error && "code" in err && typeof err.code === "string" ? err.code : "";
  const message = err instanceof Error ? err.message : "";
  const code = /^22[0-9A-Z]{3}$/.test(pgCode) ? pgCode : /Code: `(22[0-9A-Z]{3})`/.exec(message)?.[1];
  return code
    ? new Outcome("QUARANTINED", {
        rejectReason: "malformed",
        rejectMessage: `the database refused a value of the report (SQLSTATE ${code})`,
      })
    : null;
}

async function storeParsed(
  tx: Tx,
  input: { orgId: string; rawReportId: string; bytes: Uint8Array; receivedAt: Date; limits: Partial<ReportLimits> | undefined },
): Promise<void> {
  const { orgId, rawReportId } = input;
  const writer = new RecordWriter(tx, orgId, rawReportId);
  const parsed = await parseReport(input.bytes, { limits: input.limits, onDmarcRecord: (r) => writer.add(r) });
  await writer.drain();
  if (!parsed.ok) throw new Outcome("QUARANTINED", { rejectReason: parsed.reason, rejectMessage: parsed.message.slice(0, 2000) });

  // PostgreSQL text cannot hold NUL, the engine's key separator: the unit separator stands in.
  const key = dedupKey(parsed).key.replaceAll("\u0000", "\u001f");
  const kind = KIND_OF[parsed.kind];
  const duplicate = new Outcome("DUPLICATE", { kind, dedupKey: key });
  const ids = { orgId, rawReportId, dedupKey: key };
  try {
    switch (parsed.kind) {
      case "dmarc_aggregate": {
        await writer.finish(dmarcReportRow(parsed.report, { ...ids, id: writer.reportId }), policyDomain(parsed.report));
        break;
      }
      case "tls_rpt": {
        const rows = tlsRows(parsed.report, { ...ids, id: randomUUID() }, randomUUID);
        await tx.tlsReport.createMany({ data: [rows.report] });
        if (rows.policies.length) await tx.tlsReportPolicy.createMany({ data: rows.policies });
        if (rows.failures.length) await tx.tlsFailureDetail.createMany({ data: rows.failures });
        break;
      }
      default: {
        const addresses = parsed.report.complainedRecipients;
        const hash = addresses.length ? await recipientHasher({ db: tx, orgId }) : null;
        const recipients = {
          hashes: hash ? addresses.map(hash) : [],
          encrypted: addresses.length ? encryptSecret(JSON.stringify(addresses), orgId) : null,
        };
        await tx.complaint.createMany({
          data: [
            complaintRow(parsed.report, kind === "ARF" ? "ARF" : "DMARC_FAILURE", { ...ids, receivedAt: input.receivedAt }, recipients),
          ],
        });
      }
    }
  } catch (err) {
    // The dedup key is taken: the same report arrived before in other bytes (another container, another
    // delivery). No pre-check query: the unique index decides, and the rollback undoes the records.
    if (isUniqueViolation(err)) throw duplicate;
    throw err;
  }
  await tx.rawReport.update({
    where: { id: rawReportId, orgId },
    data: {
      status: "PARSED",
      kind,
      dedupKey: key,
      rejectReason: null,
      rejectMessage: null,
      processedAt: new Date(),
      attempts: { increment: 1 },
    },
  });
}

/**
 * Receives records from the parser's synchronous callback and writes them in batches. A typical report
 * (≤ one batch) is held and inserted once with its report row; a larger one first gets a placeholder
 * report row (the header is only known at the end), its records stream out with placeholder scope,
 * and `finish` fills in the real values — all inside the caller's transaction.
 */
class RecordWriter {
  readonly reportId = randomUUID();
  private buffer: DmarcRecord[] = [];
  private streaming = false;
  private chain: Promise<void> = Promise.resolve();
  private failure: Error | null = null;

  constructor(
    private readonly tx: Tx,
    private readonly orgId: string,
    private readonly rawReportId: string,
  ) {}

  private get scope(): RecordScope {
    return { orgId: this.orgId, reportId: this.reportId, beginAt: new Date(0), endAt: new Date(0), domain: "" };
  }

  add(record: DmarcRecord): void {
    // Throwing here aborts the parse: no point reading on after the database refused a batch.
    if (this.failure) throw this.failure;
    this.buffer.push(record);
    if (this.buffer.length < REPORT_RECORD_BATCH) return;
    if (!this.streaming) {
      this.streaming = true;
      const placeholder = {
        id: this.reportId,
        orgId: this.orgId,
        rawReportId: this.rawReportId,
        reporterOrg: "",
        reportId: "",
        beginAt: new Date(0),
        endAt: new Date(0),
        domain: "",
        recordCount: 0,
        messageCount: 0,
        dedupKey: `pending:${this.rawReportId}`,
      };
      this.enqueue(() => this.tx.dmarcReport.createMany({ data: [placeholder] }).then(() => undefined));
    }
    const batch = this.buffer.map((r) => dmarcRecordRow(r, this.scope));
    this.buffer = [];
    this.enqueue(() => this.tx.dmarcRecord.createMany({ data: batch }).then(() => undefined));
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch((err: unknown) => {
      this.failure ??= err instanceof Error ? err : new Error("batch insert failed", { cause: err });
    });
  }

  async drain(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure;
  }

  async finish(report: Prisma.DmarcReportCreateManyInput, domain: string): Promise<void> {
    const scope = { ...this.scope, beginAt: new Date(report.beginAt), endAt: new Date(report.endAt), domain };
    const rest = this.buffer.map((r) => dmarcRecordRow(r, scope));
    if (!this.streaming) {
      await this.tx.dmarcReport.createMany({ data: [report] });
      if (rest.length) await this.tx.dmarcRecord.createMany({ data: rest });
      return;
    }
    const { id: _id, orgId: _org, ...fields } = report;
    await this.tx.dmarcReport.update({ where: { id: this.reportId, orgId: this.orgId }, data: fields });
    if (rest.length) await this.tx.dmarcRecord.createMany({ data: rest });
    await this.tx.dmarcRecord.updateMany({
      where: { reportId: this.reportId, orgId: this.orgId },
      data: { beginAt: scope.beginAt, endAt: scope.endAt, domain },
    });
  }
}
