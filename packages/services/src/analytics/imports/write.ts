/**
 * Writing validated rows, inside the caller's one transaction: batches of IMPORT_BATCH_ROWS rows, each
 * batch one INSERT … SELECT FROM unnest(arrays) … ON CONFLICT DO UPDATE per table (a constant number of
 * parameters whatever the batch size). Recipients are hashed with the organization's salt here; the clear
 * address never reaches a table.
 *
 * Columns the import does not name are left as stored; a named column with an empty cell clears the value.
 * Within one batch the last row of a key wins (PostgreSQL refuses to update one row twice in a statement).
 */
import { Prisma, type Tx } from "@inboxwatch/db";

import { hashRecipient } from "../../ingest/settings.ts";
import { type ConversionRow, type MetadataRow } from "./format.ts";

/** Rows per statement: large enough that round trips are a small part of the cost, small enough to stay in cache. */
export const IMPORT_BATCH_ROWS = 2_000;

export interface WriteTarget {
  tx: Tx;
  orgId: string;
  salt: string;
  importId: string;
  /** The columns the import named (a file's header; a REST body's keys). */
  present: ReadonlySet<string>;
}

/** Keeps the last row of each key, in first-seen order. */
function lastByKey<T>(rows: readonly T[], key: (r: T) => string): T[] {
  const map = new Map<string, T>();
  for (const r of rows) map.set(key(r), r);
  return [...map.values()];
}

/** `SET col = excluded.col` for the named columns, `col = <table>.col` (unchanged) for the others. */
function setClause(pairs: [column: string, named: boolean][], table: string): Prisma.Sql {
  const parts = pairs.map(([c, named]) => (named ? `"${c}" = excluded."${c}"` : `"${c}" = "${table}"."${c}"`));
  return Prisma.raw(parts.join(", "));
}

export async function writeMetadataBatch(t: WriteTarget, rows: readonly MetadataRow[]): Promise<number> {
  const has = (c: string) => t.present.has(c);
  const hashed = rows.map((r) => ({ ...r, hash: r.recipient ? hashRecipient(t.salt, r.recipient) : null }));
  let written = 0;

  const tags = lastByKey(
    hashed.flatMap((r) => (r.messageId ? [{ ...r, messageId: r.messageId }] : [])),
    (r) => r.messageId,
  );
  if (tags.length > 0) {
    written += await t.tx.$executeRaw`
      insert into "MessageTag" ("orgId", "messageId", "campaign", "variant", "recipientHash", "updatedAt")
      select ${t.orgId}, u.m, u.c, u.v, u.h, now()
      from unnest(${tags.map((r) => r.messageId)}::text[], ${tags.map((r) => r.campaign)}::text[],
                  ${tags.map((r) => r.variant)}::text[], ${tags.map((r) => r.hash)}::text[]) as u(m, c, v, h)
      on conflict ("orgId", "messageId") do update set
        ${setClause(
          [
            ["campaign", has("campaign")],
            ["variant", has("variant")],
          ],
          "MessageTag",
        )},
        "recipientHash" = coalesce(excluded."recipientHash", "MessageTag"."recipientHash"),
        "updatedAt" = now()`;
  }

  // A recipient row without a message id assigns the campaign / variant to the recipient; with one, the
  // campaign belongs to that message and the profile only gets source and signup date.
  for (const withMessage of [true, false]) {
    const profiles = lastByKey(
      hashed.flatMap((r) => (r.hash && Boolean(r.messageId) === withMessage ? [{ ...r, hash: r.hash }] : [])),
      (r) => r.hash,
    );
    if (profiles.length === 0) continue;
    written += await t.tx.$executeRaw`
      insert into "RecipientProfile" ("orgId", "recipientHash", "acquisitionSource", "signupDate", "campaign", "variant", "updatedAt")
      select ${t.orgId}, u.h, u.s, u.d, ${withMessage ? Prisma.sql`''` : Prisma.sql`u.c`}, ${withMessage ? Prisma.sql`''` : Prisma.sql`u.v`}, now()
      from unnest(${profiles.map((r) => r.hash)}::text[], ${profiles.map((r) => r.acquisitionSource)}::text[],
                  ${profiles.map((r) => r.signupDate)}::date[], ${profiles.map((r) => r.campaign)}::text[],
                  ${profiles.map((r) => r.variant)}::text[]) as u(h, s, d, c, v)
      on conflict ("orgId", "recipientHash") do update set
        ${setClause(
          [
            ["acquisitionSource", has("acquisition_source")],
            ["signupDate", has("signup_date")],
            ["campaign", !withMessage && has("campaign")],
            ["variant", !withMessage && has("variant")],
          ],
          "RecipientProfile",
        )},
        "updatedAt" = now()`;
  }
  return written;
}

export async function writeConversionBatch(t: WriteTarget, rows: readonly ConversionRow[]): Promise<number> {
  const batch = lastByKey(rows, (r) => r.externalId);
  if (batch.length === 0) return 0;
  const campaignNamed = t.present.has("campaign");
  return t.tx.$executeRaw`
    insert into "Conversion" ("id", "orgId", "externalId", "recipientHash", "occurredAt", "value", "currency", "campaign", "importId")
    select gen_random_uuid()::text, ${t.orgId}, u.e, u.h, u.o, u.val, u.cur, u.c, ${t.importId}
    from unnest(${batch.map((r) => r.externalId)}::text[], ${batch.map((r) => hashRecipient(t.salt, r.recipient))}::text[],
                ${batch.map((r) => r.occurredAt)}::timestamp(3)[], ${batch.map((r) => r.value)}::float8[],
                ${batch.map((r) => r.currency)}::text[], ${batch.map((r) => r.campaign)}::text[]) as u(e, h, o, val, cur, c)
    on conflict ("orgId", "externalId") do update set
      "recipientHash" = excluded."recipientHash", "occurredAt" = excluded."occurredAt", "value" = excluded."value",
      "currency" = excluded."currency", "importId" = excluded."importId",
      ${setClause([["campaign", campaignNamed]], "Conversion")}`;
}
