import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { insertThenSendJob, JOBS, PgBoss, ROW_PARAMS_START } from "./index.ts";

let t: TestDatabase;
let boss: PgBoss;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.$executeRawUnsafe(`create table intake_item (id text primary key)`);
  boss = new PgBoss({ connectionString: t.url, max: 2, supervise: false, schedule: false });
  boss.on("error", () => undefined);
  await boss.start();
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await t?.drop();
});

const rowInsert = (id: string) => ({
  sql: `insert into intake_item (id) values ($${ROW_PARAMS_START}) on conflict do nothing returning 1`,
  values: [id],
});

async function jobsFor(rawReportId: string): Promise<number> {
  const rows = await t.db.$queryRawUnsafe<{ n: bigint }[]>(
    `select count(*) as n from pgboss.job where name = 'reports.process' and data->>'rawReportId' = $1`,
    rawReportId,
  );
  return Number(rows[0]?.n ?? 0);
}

describe("insertThenSendJob", () => {
  it("inserts the row and its job together, and a duplicate row queues nothing", async () => {
    expect(await insertThenSendJob(t.db, rowInsert("r1"), "reports.process", { orgId: "o1", rawReportId: "r1" })).toBe(true);
    expect(await insertThenSendJob(t.db, rowInsert("r1"), "reports.process", { orgId: "o1", rawReportId: "r1" })).toBe(false);
    expect(await jobsFor("r1")).toBe(1);
    const items = await t.db.$queryRawUnsafe<{ id: string }[]>(`select id from intake_item`);
    expect(items).toEqual([{ id: "r1" }]);
  });

  it("queues a job pg-boss fetches with the queue's retry policy and the payload intact", async () => {
    await insertThenSendJob(t.db, rowInsert("r2"), "reports.process", { orgId: "o1", rawReportId: "r2" });
    const [row] = await t.db.$queryRawUnsafe<{ retry_limit: number }[]>(
      `select retry_limit from pgboss.job where data->>'rawReportId' = 'r2'`,
    );
    expect(row?.retry_limit).toBe(JOBS["reports.process"].queue.retryLimit);
    const fetched = await boss.fetch<{ orgId: string; rawReportId: string }>("reports.process", { batchSize: 10 });
    expect(fetched.map((j) => j.data.rawReportId).sort()).toEqual(["r1", "r2"]);
  });

  it("writes neither the row nor the job when the payload is invalid", async () => {
    await expect(insertThenSendJob(t.db, rowInsert("r3"), "reports.process", { orgId: "", rawReportId: "r3" })).rejects.toThrow();
    expect(await jobsFor("r3")).toBe(0);
    const items = await t.db.$queryRawUnsafe<{ id: string }[]>(`select id from intake_item where id = 'r3'`);
    expect(items).toEqual([]);
  });

  it("stores neither the row nor a job when the queue is missing, and says so", async () => {
    await t.db.$executeRawUnsafe(`delete from pgboss.job where name = 'reports.process'`);
    await boss.deleteQueue("reports.process");
    await expect(insertThenSendJob(t.db, rowInsert("r4"), "reports.process", { orgId: "o1", rawReportId: "r4" })).rejects.toThrow(
      /job queue missing/,
    );
    const items = await t.db.$queryRawUnsafe<{ id: string }[]>(`select id from intake_item where id = 'r4'`);
    expect(items).toEqual([]);
  });
});
