import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { PgBoss, sendJob } from "./index.ts";

let t: TestDatabase;
let boss: PgBoss;
beforeAll(async () => {
  t = await createTestDatabase();
  boss = new PgBoss({ connectionString: t.url, max: 2 });
});
afterAll(async () => {
  await t?.drop();
});

async function queued(name: string): Promise<number> {
  const rows = await t.db.$queryRawUnsafe<{ n: bigint }[]>(`select count(*) as n from pgboss.job where name = $1`, name);
  return Number(rows[0]?.n ?? 0);
}

describe("sendJob", () => {
  it("enqueues inside the caller's transaction: rolled back with it, committed with it", async () => {
    await t.db
      .$transaction(async (tx) => {
        await sendJob("mail.send", { to: "a@example.com", sealed: "v1.sealed" }, { tx, boss });
        throw new Error("roll back");
      })
      .catch(() => {});
    expect(await queued("mail.send")).toBe(0);

    await t.db.$transaction(async (tx) => {
      await sendJob("mail.send", { to: "a@example.com", sealed: "v1.sealed" }, { tx, boss });
    });
    expect(await queued("mail.send")).toBe(1);
  });

  it("validates the payload before anything is written", async () => {
    await expect(sendJob("mail.send", { to: "not-an-email", sealed: "v1.sealed" }, { boss })).rejects.toThrow();
  });
});
