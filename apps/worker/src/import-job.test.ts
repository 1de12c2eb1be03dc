// The analytics.import handler runs the import in a child process with a capped heap: the child reads
// DATABASE_URL from the inherited environment, imports all rows in one transaction, and reports them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext } from "@inboxwatch/services";
import { createCsvImport } from "@inboxwatch/services/analytics-imports";

import { runImportInChild } from "./import-job.ts";

let t: TestDatabase;
let ctx: OrgContext;
let spool: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  spool = fs.mkdtempSync(path.join(os.tmpdir(), "import-job-test-"));
  process.env.INBOXWATCH_IMPORT_DIR = spool;
  const org = await t.db.organization.create({ data: { name: "A", slug: "import-job-a" } });
  ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
});

afterAll(async () => {
  await t?.drop();
  fs.rmSync(spool, { recursive: true, force: true });
});

describe("the analytics.import job", () => {
  it("imports an uploaded CSV in a child process and reports the rows written", async () => {
    const text =
      "external_id,recipient,occurred_at,value,currency\n" +
      Array.from({ length: 300 }, (_, i) => `o-${i},u${i}@example.com,2026-12-01,${i}.25,EUR`).join("\n") +
      "\n";
    const created = await createCsvImport(ctx, { kind: "conversions", fileName: "orders.csv", stream: Readable.from([Buffer.from(text)]) });
    expect(await runImportInChild({ importId: created.id })).toEqual({ status: "IMPORTED", rowsImported: 300 });
    expect(await t.db.conversion.count({ where: { orgId: ctx.orgId } })).toBe(300);
  }, 60_000);

  it("skips an import that no longer exists", async () => {
    expect(await runImportInChild({ importId: "gone" })).toEqual({ status: "skipped", rowsImported: 0 });
  }, 60_000);
});
