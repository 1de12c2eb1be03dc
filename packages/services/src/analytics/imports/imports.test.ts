// Imports against real PostgreSQL and pg-boss's job table: REST rows all-or-nothing, conversions
// idempotent on external_id, recipients stored only as the organization's hash, a CSV upload queued with
// its row and run by the worker's verb (file deleted), tenancy on reads.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext } from "../../context.ts";
import { getIngestSettings, hashRecipient } from "../../ingest/settings.ts";
import { createCsvImport, getImport, importConversionRows, importMetadataRows, listImports, runCsvImport } from "./imports.ts";

let t: TestDatabase;
let ctx: OrgContext;
let other: OrgContext;
let spool: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  spool = fs.mkdtempSync(path.join(os.tmpdir(), "imports-test-"));
  process.env.INBOXWATCH_IMPORT_DIR = spool;
  const a = await t.db.organization.create({ data: { name: "A", slug: "imp-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "imp-b" } });
  ctx = { db: t.db, orgId: a.id, actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: b.id, actor: { type: "SYSTEM", label: "test" } };
});

afterAll(async () => {
  await t.drop();
  fs.rmSync(spool, { recursive: true, force: true });
});

const conversion = (id: string, value: number) => ({
  external_id: id,
  recipient: " Ada@Example.com ",
  occurred_at: "2026-12-07T10:30:00Z",
  value,
  currency: "eur",
  campaign: "winter",
});

describe("REST conversions", () => {
  it("stores the recipient's hash only, and a re-sent conversion updates instead of duplicating", async () => {
    const first = await importConversionRows(ctx, { rows: [conversion("o-1", 10), conversion("o-2", 5)] });
    expect(first).toMatchObject({ status: "IMPORTED", via: "api", kind: "conversions", rowsImported: 2, errors: [] });
    const again = await importConversionRows(ctx, { rows: [conversion("o-1", 12.5)] });
    expect(again.status).toBe("IMPORTED");
    const rows = await t.db.conversion.findMany({ where: { orgId: ctx.orgId }, orderBy: { externalId: "asc" } });
    const { recipientSalt } = await getIngestSettings(ctx);
    expect(rows.map((r) => [r.externalId, r.value, r.currency, r.importId])).toEqual([
      ["o-1", 12.5, "EUR", again.id],
      ["o-2", 5, "EUR", first.id],
    ]);
    expect(rows[0]!.recipientHash).toBe(hashRecipient(recipientSalt, "ada@example.com"));
    const audit = await t.db.auditLog.findMany({ where: { orgId: ctx.orgId, action: "analytics.import.complete" } });
    expect(audit).toHaveLength(2);
  });

  it("imports nothing when one row is bad, and lists the bad rows by their position", async () => {
    const before = await t.db.conversion.count({ where: { orgId: ctx.orgId } });
    const failed = await importConversionRows(ctx, {
      rows: [conversion("o-9", 1), { ...conversion("o-10", 1), currency: "ABC" }, { ...conversion("o-11", -1), colour: "red" }],
    });
    expect(failed.status).toBe("FAILED");
    expect(failed.errors).toEqual([
      { line: 3, column: "colour", message: expect.stringContaining("Unknown field") as string },
      { line: 2, column: "currency", message: '"ABC" is not an ISO 4217 currency code' },
      { line: 3, column: "value", message: "Cannot be negative" },
    ]);
    expect(await t.db.conversion.count({ where: { orgId: ctx.orgId } })).toBe(before);
  });

  it("sends more than 10,000 rows to the CSV upload", async () => {
    await expect(importConversionRows(ctx, { rows: Array.from({ length: 10_001 }, () => ({})) })).rejects.toMatchObject({
      code: "TOO_LARGE",
    });
  });
});

describe("REST metadata", () => {
  it("tags messages and profiles recipients; columns a later import leaves out are kept", async () => {
    const done = await importMetadataRows(ctx, {
      rows: [
        {
          message_id: "<m1@x>",
          recipient: "ada@example.com",
          campaign: "spring",
          variant: "A",
          acquisition_source: "google-ads",
          signup_date: "2026-03-01",
        },
        { recipient: "bob@example.com", campaign: "spring", variant: "B", acquisition_source: "organic" },
      ],
    });
    expect(done).toMatchObject({ status: "IMPORTED", rowsImported: 2 });
    const { recipientSalt } = await getIngestSettings(ctx);
    const ada = hashRecipient(recipientSalt, "ada@example.com");
    const bob = hashRecipient(recipientSalt, "bob@example.com");
    expect(await t.db.messageTag.findMany({ where: { orgId: ctx.orgId } })).toEqual([
      expect.objectContaining({ messageId: "<m1@x>", campaign: "spring", variant: "A", recipientHash: ada }),
    ]);
    const profiles = await t.db.recipientProfile.findMany({ where: { orgId: ctx.orgId }, orderBy: { acquisitionSource: "asc" } });
    expect(profiles.map((p) => [p.recipientHash, p.acquisitionSource, p.signupDate?.toISOString() ?? null, p.campaign, p.variant])).toEqual(
      [
        // With a message id, the campaign is the message's, not the recipient's.
        [ada, "google-ads", "2026-03-01T00:00:00.000Z", "", ""],
        [bob, "organic", null, "spring", "B"],
      ],
    );
    // Only the signup date this time: the source and the variant stay.
    await importMetadataRows(ctx, { rows: [{ recipient: "BOB@example.com", signup_date: "2026-04-02" }] });
    expect(
      await t.db.recipientProfile.findUnique({ where: { orgId_recipientHash: { orgId: ctx.orgId, recipientHash: bob } } }),
    ).toMatchObject({
      acquisitionSource: "organic",
      variant: "B",
      signupDate: new Date("2026-04-02T00:00:00Z"),
    });
  });
});

describe("CSV upload", () => {
  const csv = (text: string) => Readable.from([Buffer.from(text)]);

  it("stores the file and queues the job with the PENDING import; the run imports it and deletes the file", async () => {
    const text =
      "external_id,recipient,occurred_at,value,currency\r\n" +
      Array.from({ length: 2_500 }, (_, i) => `c-${i},u${i}@example.com,2026-12-0${1 + (i % 7)},${i}.5,USD`).join("\r\n") +
      "\r\n";
    const created = await createCsvImport(ctx, { kind: "conversions", fileName: "C:\\exports\\orders.csv", stream: csv(text) });
    expect(created).toMatchObject({ status: "PENDING", via: "csv", fileName: "orders.csv", sizeBytes: Buffer.byteLength(text) });
    const jobs = await t.db.$queryRaw<{ data: { importId: string } }[]>`select data from pgboss.job where name = 'analytics.import'`;
    expect(jobs.map((j) => j.data.importId)).toContain(created.id);
    const stored = await t.db.analyticsImport.findUniqueOrThrow({ where: { id: created.id } });
    expect(fs.existsSync(stored.filePath!)).toBe(true);

    const done = await runCsvImport(ctx, { importId: created.id });
    expect(done).toMatchObject({ status: "IMPORTED", rowsRead: 2_500, rowsImported: 2_500 });
    expect(await t.db.conversion.count({ where: { orgId: ctx.orgId, importId: created.id } })).toBe(2_500);
    expect(fs.existsSync(stored.filePath!)).toBe(false);
    // The job ran twice (a retry): nothing changes.
    expect((await runCsvImport(ctx, { importId: created.id })).rowsImported).toBe(2_500);
  });

  it("fails the whole file on one bad line and imports nothing", async () => {
    const text = "message_id,recipient,signup_date\n<a@x>,a@example.com,2026-01-01\n<b@x>,b@example.com,2026-01-32\n";
    const created = await createCsvImport(ctx, { kind: "metadata", fileName: "m.csv", stream: csv(text) });
    const done = await runCsvImport(ctx, { importId: created.id });
    expect(done.status).toBe("FAILED");
    expect(done.errors).toEqual([{ line: 3, column: "signup_date", message: '"2026-01-32" is not a date (YYYY-MM-DD)' }]);
    expect(await t.db.messageTag.count({ where: { orgId: ctx.orgId, messageId: "<a@x>" } })).toBe(0);
  });

  it("refuses a file over the size limit and keeps nothing of it", async () => {
    const before = fs.readdirSync(path.join(spool, ctx.orgId)).length;
    await expect(
      createCsvImport(ctx, { kind: "conversions", fileName: "big.csv", stream: csv("x".repeat(2_000)), maxBytes: 1_000 }),
    ).rejects.toMatchObject({ code: "TOO_LARGE" });
    expect(fs.readdirSync(path.join(spool, ctx.orgId))).toHaveLength(before);
  });
});

describe("reading imports", () => {
  it("lists the organization's imports newest first; another organization's is not found", async () => {
    const mine = await listImports(ctx);
    expect(mine.length).toBeGreaterThan(3);
    expect(mine[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(mine.at(-1)!.createdAt.getTime());
    expect(await listImports(other)).toEqual([]);
    await expect(getImport(other, { id: mine[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(runCsvImport(other, { importId: mine[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await getImport(ctx, { id: mine[0]!.id })).id).toBe(mine[0]!.id);
  });
});
