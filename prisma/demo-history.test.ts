// The demo's analytics history tells its story through the real analytics verbs: ninety days of volume,
// a Microsoft dent at the blocklisting, and the incident's recovery cycle costed on the ROI page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext } from "@inboxwatch/services";
import { getAnalyticsOverview, getRoi } from "@inboxwatch/services/analytics";

import { DEMO_INCIDENT, HISTORY_DAYS } from "./demo-history.ts";
import { DEMO_ORG, seed } from "./seed.ts";

const DAY = 86_400_000;
let t: TestDatabase;
let ctx: OrgContext;
const now = Date.now();

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await seed(t.db);
  const org = await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } });
  ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}, 180_000);
afterAll(async () => t?.drop());

describe("the demo's analytics history", () => {
  it("gives every day of the last ninety a figure, by provider", async () => {
    const o = await getAnalyticsOverview(ctx, { from: new Date(now - HISTORY_DAYS * DAY).toISOString(), to: new Date(now).toISOString() });
    expect(o.series.length).toBeGreaterThanOrEqual(HISTORY_DAYS - 1);
    expect(o.kpis.find((k) => k.id === "accepted_rate")?.current).toMatchObject({ state: "ok" });
    expect(o.breakdown.rows.map((r) => r.key)).toEqual(expect.arrayContaining(["google", "microsoft", "yahoo", "apple"]));
  });

  it("shows Microsoft's acceptance dented by the blocklisting, and normal before it", async () => {
    const day = (daysAgo: number) => {
      const from = Math.floor((now - daysAgo * DAY) / DAY) * DAY;
      return { from: new Date(from).toISOString(), to: new Date(from + DAY).toISOString(), provider: "microsoft" };
    };
    const accepted = async (daysAgo: number) => {
      const o = await getAnalyticsOverview(ctx, day(daysAgo));
      const v = o.kpis.find((k) => k.id === "accepted_rate")?.current;
      return v?.state === "ok" ? v.value : null;
    };
    expect(await accepted(DEMO_INCIDENT.startDaysAgo - 1)).toBeLessThan(0.7);
    // The trend names why: the blocklisting and the incident are annotations of the range; a check that
    // could not run changed nothing in DNS and is not one.
    const ip = await t.db.sendingIp.findFirstOrThrow({ where: { orgId: ctx.orgId, address: "192.0.2.11" } });
    await t.db.dnsDriftEvent.create({
      data: {
        orgId: ctx.orgId,
        subjectType: "IP",
        ipId: ip.id,
        check: "dnsbl",
        at: new Date(now - 2 * DAY),
        type: "checks.unknown",
        severity: "warning",
        message: "Could not check dnsbl",
      },
    });
    const month = await getAnalyticsOverview(ctx, { from: new Date(now - 30 * DAY).toISOString(), to: new Date(now).toISOString() });
    expect(month.annotations.filter((a) => a.kind === "blocklisting").map((a) => a.title)).toEqual([
      "192.0.2.11 listed on zen.spamhaus.org",
      "192.0.2.11 no longer listed on zen.spamhaus.org",
    ]);
    expect(month.annotations.some((a) => a.kind === "incident" && a.title.includes("192.0.2.11"))).toBe(true);
    expect(month.annotations.map((a) => a.title)).not.toContain("Could not check dnsbl");
    expect(await accepted(DEMO_INCIDENT.startDaysAgo + 5)).toBeGreaterThan(0.93);
  });

  it("costs the incident's recovery cycle on the ROI page", async () => {
    const roi = await getRoi(ctx, { from: new Date(now - 30 * DAY).toISOString(), to: new Date(now).toISOString() });
    const cycle = roi.cycles.find((c) => c.incident.title.includes("192.0.2.11"))?.cycle;
    expect(cycle?.recoveredAt).not.toBeNull();
    expect(cycle?.lostMessages).toBeGreaterThan(100);
    expect(cycle?.cost.value).toBeGreaterThan(0);
    expect(roi.measures.current.downtimeHours).toBe(3);
  });
});
