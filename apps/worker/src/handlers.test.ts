import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { thenEvaluate } from "./handlers.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

const evaluations = async () =>
  t.db.$queryRawUnsafe<{ data: { orgId: string } }[]>(`select data from pgboss.job where name = 'alerts.evaluate' and state = 'created'`);

describe("jobs that write signals trigger alert evaluation", () => {
  it("queues one evaluation for the organization after the job succeeds", async () => {
    const org = await t.db.organization.create({ data: { name: "E", slug: "evaluate-after" } });
    const handler = thenEvaluate<"probes.run">(
      async () => "done",
      (p) => p.orgId,
    );
    const payload = { orgId: org.id, monitorId: "m1", slot: new Date().toISOString() };
    expect(await handler(payload, { db: t.db })).toBe("done");
    await handler(payload, { db: t.db });
    const queued = (await evaluations()).filter((j) => j.data.orgId === org.id);
    expect(queued.length).toBeGreaterThanOrEqual(1);
  });

  it("queues nothing when the job fails (pg-boss retries it instead)", async () => {
    const org = await t.db.organization.create({ data: { name: "F", slug: "evaluate-fail" } });
    const handler = thenEvaluate<"probes.run">(
      async () => {
        throw new Error("probe storage failed");
      },
      (p) => p.orgId,
    );
    await expect(handler({ orgId: org.id, monitorId: "m1", slot: new Date().toISOString() }, { db: t.db })).rejects.toThrow(
      "probe storage failed",
    );
    expect((await evaluations()).filter((j) => j.data.orgId === org.id)).toEqual([]);
  });
});
