// After ingested batches the worker queues a view refresh only for organizations whose views depend on
// events (experiments, imported profiles or tags): others would recompute an "(unknown source)" cohort
// over every event for nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { queueAnalyticsRefreshIfUsed } from "./refresh.ts";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

const queued = async (orgId: string) =>
  (
    await t.db.$queryRaw<
      { n: number }[]
    >`select count(*)::int as "n" from pgboss.job where name = 'analytics.refresh' and data->>'orgId' = ${orgId}`
  )[0]?.n;

describe("queueAnalyticsRefreshIfUsed", () => {
  it("queues nothing for an organization without experiments, profiles or tags, and a refresh once it has a profile", async () => {
    const org = await t.db.organization.create({ data: { name: "A", slug: "refresh-if-used" } });
    expect(await queueAnalyticsRefreshIfUsed({ orgId: org.id, db: t.db })).toBe(false);
    expect(await queued(org.id)).toBe(0);
    await t.db.recipientProfile.create({ data: { orgId: org.id, recipientHash: "h1", acquisitionSource: "organic" } });
    expect(await queueAnalyticsRefreshIfUsed({ orgId: org.id, db: t.db })).toBe(true);
    expect(await queued(org.id)).toBe(1);
  });
});
