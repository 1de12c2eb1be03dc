// Experiment results over real rows: delivery and engagement events, recipient profiles, message tags
// and conversions of two organizations; every count and statistic checked against figures computed by
// hand (scipy.stats.norm for the quantiles: Wilson, Newcombe, the pooled z-test, the mSPRT).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext } from "../../context.ts";
import { readView } from "../views/store.ts";
import { computeExperimentResults, type ExperimentInput } from "./compute.ts";
import { ZExperimentView } from "./schema.ts";
import {
  createExperiment,
  deleteExperiment,
  getExperiment,
  listExperiments,
  refreshExperimentViews,
  stopExperiment,
  updateExperiment,
} from "./verbs.ts";

let t: TestDatabase;
let ctx: OrgContext;
let other: OrgContext;

const DAY = 86_400_000;
const start = new Date("2026-11-02T00:00:00Z");
const at = (days: number, hours = 0) => new Date(start.getTime() + days * DAY + hours * 3_600_000);
const now = at(18);

/**
 * `count` delivered messages (ESP message ids `${prefix}-N`, recipients `${prefix}-rN`) one minute apart
 * from `time`; the first `opened` of them opened an hour later (the first five twice: unique opens count
 * once); then `bounced` more messages that bounced.
 */
async function messages(
  c: OrgContext,
  input: {
    prefix: string;
    count: number;
    opened: number;
    time: Date;
    senderDomain?: string;
    campaign?: string;
    variant?: string;
    bounced?: number;
  },
) {
  const domain = input.senderDomain ?? "news.example";
  const campaign = input.campaign ?? "";
  const variant = input.variant ?? "";
  const insert = (status: string, category: string, offsetMinutes: number, suffix: string, count: number) =>
    t.db.$executeRawUnsafe(
      `insert into "DeliveryEvent" ("orgId", "time", "source", "host", "queueId", "messageId", "campaign", "variant", "senderDomain",
         "recipientDomain", "recipientHash", "provider", "status", "eventType", "replyCode", "enhancedCode", "category", "reason",
         "response", "relayHost", "relayIp", "eventKey")
       select $1, $2::timestamptz + (g * interval '1 minute') + ($3 * interval '1 minute'), 'test', 'esp', 'Q-' || $4 || '-' || g,
         $4 || '-' || g, $5, $6, $7, 'gmail.com', $4 || '-r' || g, 'gmail', $8, $9, '', '', $9, '', '', '', '',
         $4 || '-' || g || '-' || $10
       from generate_series(1, $11::int) g`,
      c.orgId,
      input.time,
      offsetMinutes,
      input.prefix,
      campaign,
      variant,
      domain,
      status,
      category,
      suffix,
      count,
    );
  await insert("sent", "delivered", 0, "d", input.count);
  await insert("sent", "open", 60, "o1", input.opened);
  await insert("sent", "open", 120, "o2", Math.min(5, input.opened));
  if (input.bounced) await bounce(c, input.prefix, input.bounced, input.time, domain, campaign, variant);
}

async function bounce(c: OrgContext, prefix: string, count: number, time: Date, domain: string, campaign: string, variant: string) {
  for (let i = 1; i <= count; i++) {
    await t.db.deliveryEvent.create({
      data: {
        orgId: c.orgId,
        time,
        source: "test",
        host: "esp",
        queueId: `QB-${prefix}-${i}`,
        messageId: `${prefix}-bounce-${i}`,
        campaign,
        variant,
        senderDomain: domain,
        recipientDomain: "gmail.com",
        recipientHash: `${prefix}-bounce-r${i}`,
        provider: "gmail",
        status: "bounced",
        eventType: "bounced",
        replyCode: "550",
        enhancedCode: "5.1.1",
        category: "user_unknown",
        reason: "",
        response: "",
        relayHost: "",
        relayIp: "",
        eventKey: `${prefix}-bounce-${i}`,
      },
    });
  }
}

/** RecipientProfile rows giving recipients `${prefix}-r1..count` a campaign and variant (the metadata import's split). */
async function profiles(c: OrgContext, prefix: string, count: number, campaign: string, variant: string) {
  await t.db.$executeRawUnsafe(
    `insert into "RecipientProfile" ("orgId", "recipientHash", "campaign", "variant", "updatedAt")
     select $1, $2 || '-r' || g, $3, $4, now() from generate_series(1, $5::int) g`,
    c.orgId,
    prefix,
    campaign,
    variant,
    count,
  );
}

const base = {
  id: "x",
  assignBy: "variant",
  campaign: "spring",
  metric: "open",
  design: "sequential",
  alpha: 0.05,
  mde: 0.01,
  attributionDays: 7,
  startsAt: start,
  endsAt: at(7),
  variants: [
    { key: "A", label: "A", description: "" },
    { key: "B", label: "B", description: "" },
  ],
} satisfies ExperimentInput;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const a = await t.db.organization.create({ data: { name: "A", slug: "experiments-a" } });
  const b = await t.db.organization.create({ data: { name: "B", slug: "experiments-b" } });
  ctx = { db: t.db, orgId: a.id, role: "OWNER", actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: b.id, role: "OWNER", actor: { type: "SYSTEM", label: "test" } };

  // Campaign "spring", split by the metadata import (recipient profiles): A 80 of 400 opened (20 %),
  // B 140 of 400 (35 %); A also has 20 bounces (attempted, never delivered: not in the open rate).
  await messages(ctx, { prefix: "sa", count: 400, opened: 80, time: at(1), bounced: 20 });
  await profiles(ctx, "sa", 400, "spring", "A");
  await profiles(ctx, "sa-bounce", 20, "spring", "A");
  await messages(ctx, { prefix: "sb", count: 400, opened: 140, time: at(2) });
  await profiles(ctx, "sb", 400, "spring", "B");
  // Not the experiment's: another campaign's B, a variant C nobody declared, and mail after the end.
  await messages(ctx, { prefix: "ob", count: 50, opened: 50, time: at(1), campaign: "autumn", variant: "B" });
  await messages(ctx, { prefix: "sc", count: 7, opened: 0, time: at(1), campaign: "spring", variant: "C" });
  await messages(ctx, { prefix: "late", count: 30, opened: 30, time: at(8), campaign: "spring", variant: "B" });
  // Split by sending domain: 80 of 400 vs 84 of 400 (20 % vs 21 %): no real difference.
  await messages(ctx, { prefix: "da", count: 400, opened: 80, time: at(1), senderDomain: "a.example" });
  await messages(ctx, { prefix: "db", count: 400, opened: 84, time: at(1), senderDomain: "b.example" });
  // The other organization's mail, tagged the same way, must never count.
  await messages(other, { prefix: "sa", count: 300, opened: 300, time: at(1), campaign: "spring", variant: "A" });
});
afterAll(async () => t?.drop());

describe("experiment results", () => {
  it("find the real winner from recipient-profile variants, with hand-computed intervals and the mSPRT p", async () => {
    const v = await computeExperimentResults(ctx, { experiment: base, now });
    const [a, b] = v.variants;
    expect(a).toMatchObject({ key: "A", control: true, trials: 400, successes: 80, rate: 0.2 });
    expect(b).toMatchObject({ key: "B", control: false, trials: 400, successes: 140, rate: 0.35 });
    expect(a!.interval!.low).toBeCloseTo(0.163737, 5);
    expect(a!.interval!.high).toBeCloseTo(0.24197, 5);
    expect(b!.interval!.low).toBeCloseTo(0.304886, 5);
    const c = v.comparisons[0]!;
    expect(c.difference).toBeCloseTo(0.15, 10);
    expect(c.interval!.low).toBeCloseTo(0.088382, 5);
    expect(c.interval!.high).toBeCloseTo(0.210133, 5);
    expect(c.pValue).toBeCloseTo(0.0101947, 5);
    expect(v.verdict).toMatchObject({ kind: "winner", variant: "B" });
    expect(v.verdict.sentence).toBe("Variant B wins: +15.0 pts open rate (95 % CI +8.8 to +21.0), p = 0.010.");
    expect(v.design).toBe("sequential");
    expect(v.methodStatement).toBe("Sequential test (mSPRT, always-valid p): safe to check at any time");
    // Variant C of the campaign is counted as unassigned; autumn's B and mail after the end are not the experiment's.
    expect(v.unassigned).toBe(7);
    // The planned 1-point effect from a 20 % control rate needs 25,583 per variant (two-sided α 0.05, 80 % power).
    expect(v.sampleSize).toEqual({ neededPerVariant: 25583, reachedPerVariant: 400 });
  });

  it("carry a fixed-horizon design through: the z-test's p, and no verdict before the planned N", async () => {
    const planned = await computeExperimentResults(ctx, { experiment: { ...base, design: "fixed", mde: 0.1 }, now });
    expect(planned.design).toBe("fixed");
    expect(planned.methodStatement).toBe("Fixed-horizon z-test: valid once the planned N per variant is reached");
    expect(planned.comparisons[0]!.pValue).toBeCloseTo(2.0257e-6, 9);
    // 294 per variant detect +10 points from 20 %: reached (400), so the verdict stands.
    expect(planned.sampleSize.neededPerVariant).toBe(294);
    expect(planned.verdict.kind).toBe("winner");
    expect(planned.verdict.sentence).toContain("p < 0.001");

    // Still running (no end), short of 25,583 per variant: no verdict yet, however small p looks.
    const early = await computeExperimentResults(ctx, { experiment: { ...base, design: "fixed", mde: 0.01, endsAt: null }, now });
    expect(early.verdict.kind).toBe("awaiting-horizon");
    expect(early.verdict.sentence).toBe(
      "Fixed-horizon test: read the result at 25,583 delivered messages per variant (the smallest has 400); before that its p-value is not valid.",
    );
    // Once the window has closed, the one look is the end: the test is read at the sample it got.
    const ended = await computeExperimentResults(ctx, { experiment: { ...base, design: "fixed", mde: 0.01 }, now });
    expect(ended.verdict.kind).toBe("winner");
  });

  it("name no winner when the variants do not differ (split by sending domain)", async () => {
    const split = {
      ...base,
      assignBy: "senderDomain",
      campaign: "",
      variants: [
        { key: "A.example", label: "Domain A", description: "" },
        { key: "b.example", label: "Domain B", description: "" },
      ],
    } satisfies ExperimentInput;
    const v = await computeExperimentResults(ctx, { experiment: split, now });
    expect(v.variants.map((x) => [x.key, x.trials, x.successes])).toEqual([
      ["a.example", 400, 80],
      ["b.example", 400, 84],
    ]);
    expect(v.comparisons[0]!.interval!.low).toBeCloseTo(-0.045992, 5);
    expect(v.comparisons[0]!.interval!.high).toBeCloseTo(0.065929, 5);
    expect(v.comparisons[0]!.pValue).toBe(1);
    // The window ended at day 7 (now is day 18): no difference, and the sample it was planned for is stated.
    expect(v.verdict.kind).toBe("no-difference");
    expect(v.verdict.sentence).toBe(
      "No significant difference when the experiment ended (400 of the 25,583 delivered messages per variant planned). Domain B: +1.0 pts open rate (95 % CI −4.6 to +6.6), p = 1.00.",
    );
    const running = await computeExperimentResults(ctx, { experiment: { ...split, endsAt: null }, now });
    expect(running.verdict.kind).toBe("no-difference-yet");
    expect(running.verdict.sentence).toMatch(
      /^No significant difference yet\. Domain B: \+1\.0 pts open rate \(95 % CI −4\.6 to \+6\.6\), p = 1\.00\. The planned 1\.0-point effect needs 25,583/,
    );
  });

  it("keep the accepted rate over attempts (bounces count as trials) and build a cumulative daily series", async () => {
    const v = await computeExperimentResults(ctx, { experiment: { ...base, metric: "accepted" }, now });
    expect(v.variants.map((x) => [x.trials, x.successes])).toEqual([
      [420, 400],
      [400, 400],
    ]);
    const series = v.variants[1]!.series;
    expect(series).toHaveLength(7);
    expect(series[0]).toEqual({ day: "2026-11-02", trials: 0, successes: 0, rate: null });
    expect(series[2]).toEqual({ day: "2026-11-04", trials: 400, successes: 400, rate: 1 });
    expect(series.at(-1)!.trials).toBe(400);
    expect(v.variants[0]!.series[1]).toMatchObject({ day: "2026-11-03", trials: 420, successes: 400 });
  });

  it("attribute conversions to the latest delivered message within the window, per recipient, with revenue per currency", async () => {
    const day = (d: number) => at(d, 10);
    const tag = { campaign: "promo" };
    // A: c1, c2 tagged by the ESP; c3's event is untagged, its message tag says A. B: c4, c5.
    await messages(ctx, { prefix: "c1", count: 1, opened: 0, time: day(1), ...tag, variant: "A" });
    await messages(ctx, { prefix: "c2", count: 1, opened: 0, time: day(1), ...tag, variant: "A" });
    await messages(ctx, { prefix: "c3", count: 1, opened: 0, time: day(1) });
    await t.db.messageTag.create({ data: { orgId: ctx.orgId, messageId: "c3-1", campaign: "promo", variant: "A" } });
    await messages(ctx, { prefix: "c4", count: 1, opened: 0, time: day(1), ...tag, variant: "B" });
    await messages(ctx, { prefix: "c5", count: 1, opened: 0, time: day(1), ...tag, variant: "B" });
    // c2 got a later message of another campaign: its conversion belongs to that one.
    await t.db.deliveryEvent.create({
      data: {
        orgId: ctx.orgId,
        time: day(2),
        source: "test",
        host: "esp",
        queueId: "Q-c2-later",
        messageId: "c2-later",
        campaign: "newsletter",
        senderDomain: "news.example",
        recipientDomain: "gmail.com",
        recipientHash: "c2-r1",
        provider: "gmail",
        status: "sent",
        eventType: "delivered",
        replyCode: "250",
        enhancedCode: "",
        category: "delivered",
        reason: "",
        response: "",
        relayHost: "",
        relayIp: "",
        eventKey: "c2-later",
      },
    });
    const conversion = (externalId: string, recipientHash: string, occurredAt: Date, value: number, currency: string) =>
      t.db.conversion.create({ data: { orgId: ctx.orgId, externalId, recipientHash, occurredAt, value, currency } });
    await conversion("o1", "c1-r1", day(2), 10, "EUR");
    await conversion("o2", "c1-r1", day(3), 5.5, "EUR");
    await conversion("o3", "c2-r1", day(3), 99, "EUR");
    await conversion("o4", "c4-r1", day(2), 20, "USD");
    await conversion("o5", "c5-r1", day(9), 40, "USD"); // eight days after its delivery: not attributed
    await conversion("o6", "c3-r1", day(4), 7, "GBP");

    const v = await computeExperimentResults(ctx, {
      experiment: { ...base, campaign: "promo", metric: "conversion", endsAt: at(7) },
      now,
    });
    const [a, b] = v.variants;
    expect([a!.trials, a!.successes, b!.trials, b!.successes]).toEqual([3, 2, 2, 1]);
    expect(a!.revenue).toEqual([
      { currency: "EUR", value: 15.5 },
      { currency: "GBP", value: 7 },
    ]);
    expect(b!.revenue).toEqual([{ currency: "USD", value: 20 }]);
    expect(v.verdict.kind).toBe("not-enough-data");
    expect(v.verdict.sentence).toBe("Not enough data yet: every variant needs at least 30 delivered recipients; the smallest has 2.");
    // Cumulative: successes appear on the day of the first conversion, never above the trials.
    expect(a!.series.find((p) => p.day === "2026-11-04")).toMatchObject({ trials: 3, successes: 1 });
    expect(a!.series.at(-1)).toMatchObject({ trials: 3, successes: 2 });
  });
});

describe("experiment verbs", () => {
  const input = {
    name: "Spring subject line",
    hypothesis: "A question in the subject lifts opens",
    campaign: "spring",
    variants: [{ key: "A" }, { key: "B", label: "Question" }],
    metric: "open" as const,
    startsAt: start,
    endsAt: at(7),
  };

  it("create, refresh into a stored view, list and read it with its last refresh time", async () => {
    const e = await createExperiment(ctx, input);
    expect(e.variants).toEqual([
      { key: "A", label: "A", description: "" },
      { key: "B", label: "Question", description: "" },
    ]);
    expect((await getExperiment(ctx, { id: e.id })).result).toEqual({ view: null, computedAt: null, durationMs: null, stale: true });
    const queued = await t.db.$queryRawUnsafe<{ data: { orgId: string } }[]>(
      `select data from pgboss.job where name = 'analytics.refresh'`,
    );
    expect(queued.map((j) => j.data.orgId)).toContain(ctx.orgId);

    expect((await refreshExperimentViews(ctx, { now })).computed).toEqual([e.id]);
    const got = await getExperiment(ctx, { id: e.id });
    expect(got.result.stale).toBe(false);
    expect(got.result.computedAt).toBeInstanceOf(Date);
    expect(got.result.view?.verdict).toMatchObject({ kind: "winner", variant: "B" });
    expect(got.result.view?.verdict.sentence.startsWith("Question wins: +15.0 pts open rate")).toBe(true);
    const stored = await readView(ctx, { kind: "experiment", key: e.id, parse: (d) => ZExperimentView.parse(d) });
    expect(stored?.data.variants[1]!.successes).toBe(140);
    const list = await listExperiments(ctx);
    expect(list.find((x) => x.id === e.id)?.result.view?.verdict.kind).toBe("winner");

    // The other organization sees none of it.
    await expect(getExperiment(other, { id: e.id })).rejects.toThrow("Experiment not found");
    await expect(deleteExperiment(other, { id: e.id })).rejects.toThrow("Experiment not found");
    expect(await listExperiments(other)).toEqual([]);
  });

  it("refuse bad input with clear messages and write nothing", async () => {
    const before = await t.db.experiment.count({ where: { orgId: ctx.orgId } });
    await expect(createExperiment(ctx, { ...input, variants: [{ key: "A" }] })).rejects.toThrow("control and at least one variant");
    await expect(createExperiment(ctx, { ...input, variants: [{ key: "A" }, { key: "A" }] })).rejects.toThrow("Two variants share the key");
    await expect(createExperiment(ctx, { ...input, variants: Array.from({ length: 7 }, (_, i) => ({ key: `v${i}` })) })).rejects.toThrow(
      "At most 6 variants",
    );
    await expect(createExperiment(ctx, { ...input, alpha: 0.3 })).rejects.toThrow("at most 0.2");
    await expect(createExperiment(ctx, { ...input, alpha: 0 })).rejects.toThrow("above 0");
    await expect(createExperiment(ctx, { ...input, mde: 1 })).rejects.toThrow("below 1");
    await expect(createExperiment(ctx, { ...input, metric: "revenue" as never })).rejects.toThrow();
    await expect(createExperiment(ctx, { ...input, endsAt: start })).rejects.toThrow("The end must be after the start");
    await expect(createExperiment(ctx, { ...input, name: " " })).rejects.toThrow("Name the experiment");
    // Sending domains compare without case.
    await expect(
      createExperiment(ctx, { ...input, assignBy: "senderDomain", variants: [{ key: "a.example" }, { key: "A.example" }] }),
    ).rejects.toThrow("share the key");
    expect(await t.db.experiment.count({ where: { orgId: ctx.orgId } })).toBe(before);

    const e = await createExperiment(ctx, input);
    await expect(updateExperiment(ctx, { id: e.id, endsAt: at(-1) })).rejects.toThrow("endsAt: The end must be after the start");
    expect((await getExperiment(ctx, { id: e.id })).endsAt).toEqual(at(7));
  });

  it("update, stop (window closed, results recomputed once) and delete with their audit entries", async () => {
    const e = await createExperiment(ctx, { ...input, endsAt: null });
    const updated = await updateExperiment(ctx, { id: e.id, design: "fixed", mde: 0.1 });
    expect([updated.design, updated.mde, updated.name, updated.campaign, updated.hypothesis]).toEqual([
      "fixed",
      0.1,
      input.name,
      "spring",
      input.hypothesis,
    ]);
    await refreshExperimentViews(ctx, { now });
    expect((await getExperiment(ctx, { id: e.id })).result.view?.design).toBe("fixed");

    const stopped = await stopExperiment(ctx, { id: e.id, now: at(9) });
    expect(stopped.status).toBe("STOPPED");
    expect(stopped.endsAt).toEqual(at(9));
    expect(await stopExperiment(ctx, { id: e.id })).toMatchObject({ status: "STOPPED", endsAt: at(9) });
    expect((await refreshExperimentViews(ctx, { now })).computed).toContain(e.id);
    // Final once computed after the stop: the next refresh leaves it alone.
    expect((await refreshExperimentViews(ctx, { now })).computed).not.toContain(e.id);
    // The late mail (day 8, all opened, variant B) is inside the stopped window [day 0, day 9).
    expect((await getExperiment(ctx, { id: e.id })).result.view?.variants[1]).toMatchObject({ trials: 430, successes: 170 });

    await deleteExperiment(ctx, { id: e.id });
    await expect(getExperiment(ctx, { id: e.id })).rejects.toThrow("Experiment not found");
    expect(await t.db.analyticsView.count({ where: { orgId: ctx.orgId, kind: "experiment", key: e.id } })).toBe(0);
    const actions = await t.db.auditLog.findMany({
      where: { orgId: ctx.orgId, targetId: e.id },
      select: { action: true },
      orderBy: { createdAt: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual([
      "analytics.experiment.create",
      "analytics.experiment.update",
      "analytics.experiment.stop",
      "analytics.experiment.delete",
    ]);
  });
});
