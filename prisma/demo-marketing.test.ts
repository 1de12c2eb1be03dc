// The demo's marketing data: subscribers with their sources, campaigns through the ESP path, the two
// experiments and the shop's conversions — each fact checked from the stored rows, not from the generator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { DEMO_EXPERIMENTS, DEMO_SUBSCRIBERS } from "./demo-marketing.ts";
import { DEMO_ORG, seed } from "./seed.ts";

let t: TestDatabase;
let orgId: string;
let seedMs = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const started = Date.now();
  await seed(t.db);
  seedMs = Date.now() - started;
  orgId = (await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } })).id;
}, 300_000);
afterAll(async () => t?.drop());

const rate = (num: number, den: number) => (den === 0 ? 0 : num / den);

describe("the demo's marketing data", () => {
  it("profiles every subscriber by acquisition source and signup date, hashed", async () => {
    const profiles = await t.db.recipientProfile.groupBy({ by: ["acquisitionSource"], where: { orgId }, _count: true });
    expect(profiles.reduce((n, p) => n + p._count, 0)).toBe(DEMO_SUBSCRIBERS);
    expect(profiles.map((p) => p.acquisitionSource).sort()).toEqual([
      "facebook-ads",
      "google-ads",
      "organic",
      "partner-webinar",
      "referral",
    ]);
    const clear = await t.db.deliveryEvent.count({ where: { orgId, source: "sendgrid", recipient: { not: null } } });
    expect(clear).toBe(0);
  });

  it("gives the subject-line experiment a real lift in unique opens and the send-time one none", async () => {
    const arms = async (campaign: string) =>
      t.db.$queryRaw<{ variant: string; delivered: number; opened: number; clicked: number }[]>`
        select "variant",
          count(distinct ("messageId", "recipientHash")) filter (where "category" = 'delivered')::int as "delivered",
          count(distinct ("messageId", "recipientHash")) filter (where "category" = 'open')::int as "opened",
          count(distinct ("messageId", "recipientHash")) filter (where "category" = 'click')::int as "clicked"
        from "DeliveryEvent" where "orgId" = ${orgId} and "campaign" = ${campaign} and "variant" <> '' group by 1`;
    const subject = Object.fromEntries((await arms(DEMO_EXPERIMENTS.subject.campaign)).map((a) => [a.variant, a]));
    const a = subject[DEMO_EXPERIMENTS.subject.control.key];
    const b = subject[DEMO_EXPERIMENTS.subject.treatment.key];
    expect(a && b).toBeTruthy();
    if (!a || !b) return;
    expect(a.delivered).toBeGreaterThan(5_000);
    expect(rate(b.opened, b.delivered) - rate(a.opened, a.delivered)).toBeGreaterThan(0.03);

    const promo = Object.fromEntries((await arms(DEMO_EXPERIMENTS.sendTime.campaign)).map((a) => [a.variant, a]));
    const m = promo[DEMO_EXPERIMENTS.sendTime.control.key];
    const p = promo[DEMO_EXPERIMENTS.sendTime.treatment.key];
    expect(m && p).toBeTruthy();
    if (!m || !p) return;
    expect(Math.abs(rate(p.clicked, p.delivered) - rate(m.clicked, m.delivered))).toBeLessThan(0.02);
    expect(await t.db.experiment.count({ where: { orgId } })).toBe(2);
  });

  it("records conversions that favour organic and referral subscribers over Facebook ads", async () => {
    const bySource = await t.db.$queryRaw<{ source: string; recipients: number; converted: number }[]>`
      select p."acquisitionSource" as "source", count(*)::int as "recipients",
        count(*) filter (where exists (select 1 from "Conversion" c where c."orgId" = p."orgId" and c."recipientHash" = p."recipientHash"))::int as "converted"
      from "RecipientProfile" p where p."orgId" = ${orgId} group by 1`;
    const r = Object.fromEntries(bySource.map((s) => [s.source, rate(s.converted, s.recipients)]));
    expect(r.organic).toBeGreaterThan(r["facebook-ads"] ?? 1);
    expect(r.referral).toBeGreaterThan(r["facebook-ads"] ?? 1);
    expect(await t.db.conversion.count({ where: { orgId } })).toBeGreaterThan(100);
  });

  it("dents Microsoft's newsletter delivery during the blocklisting", async () => {
    const deferred = await t.db.deliveryEvent.count({
      where: { orgId, source: "sendgrid", provider: "microsoft", category: "reputation_blocklisted" },
    });
    expect(deferred).toBeGreaterThan(0);
  });

  it("seeds in well under a minute, so the first npm start stays quick", () => {
    console.log(`demo seed took ${seedMs} ms`);
    expect(seedMs).toBeLessThan(90_000);
  });
});
