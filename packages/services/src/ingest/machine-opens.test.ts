// Machine opens end to end on a real database: signed SendGrid Event Webhook calls become open events
// flagged machineOpen, first-open markers and hour / day rollups with machineOnlyCount, and the KPI
// catalogue's open rate (machine opens included) and human open rate read them from the analytics store.
// A message a machine opened and a person opened later, in the same call or a later one, is human.
import { generateKeyPairSync, sign } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { computeKpis } from "@inboxwatch/analytics/kpi";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { postgresAnalyticsStore as store } from "../analytics/postgres-store.ts";
import { type OrgContext, systemContext } from "../context.ts";
import { receiveEspWebhook } from "./esp-webhook-receive.ts";
import { createEspWebhook } from "./esp-webhooks.ts";
import { processLogBatch } from "./process-batch.ts";

let t: TestDatabase;
let ctx: OrgContext;
const sys = () => systemContext(t.db, "test");
const now = Math.floor(Date.now() / 1000);
const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
let webhookId = "";

/** The sends and first opens at 10:00 UTC, the late human opens at 14:00: two hourly rollup rows, one daily. */
const HOUR_10 = Date.UTC(2026, 11, 1, 10) / 1000;
const HOUR_14 = Date.UTC(2026, 11, 1, 14) / 1000;
const DAY = { from: new Date(Date.UTC(2026, 11, 1)), to: new Date(Date.UTC(2026, 11, 2)) };
const HOURS_10_TO_12 = { from: new Date(HOUR_10 * 1000), to: new Date((HOUR_10 + 2 * 3600) * 1000) };

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const org = await t.db.organization.create({ data: { name: "Machine opens", slug: "machine-opens" } });
  ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
  const { webhook } = await createEspWebhook(ctx, {
    provider: "sendgrid",
    label: "Newsletters",
    verificationKey: publicKey.export({ format: "der", type: "spki" }).toString("base64"),
  });
  webhookId = webhook.id;
});
afterAll(async () => t?.drop());

/** Posts one signed SendGrid call and runs the batch job it queued. */
async function deliver(events: Record<string, unknown>[]): Promise<void> {
  const body = Buffer.from(JSON.stringify(events));
  const signature = sign("sha256", Buffer.concat([Buffer.from(String(now)), body]), privateKey).toString("base64");
  const h: Record<string, string> = {
    "x-twilio-email-event-webhook-signature": signature,
    "x-twilio-email-event-webhook-timestamp": String(now),
  };
  const res = await receiveEspWebhook(sys(), { id: webhookId, body, header: (name) => h[name.toLowerCase()] ?? null }, { nowSeconds: now });
  expect(res.status).toBe(202);
  const batch = await t.db.rawLogBatch.findFirstOrThrow({
    where: { orgId: ctx.orgId, status: "PENDING" },
    orderBy: { receivedAt: "desc" },
  });
  await processLogBatch(sys(), { batchId: batch.id });
}

const msg = (i: number) => ({ email: `r${i}@icloud.com`, sg_message_id: `m${i}.filter0001`, "smtp-id": `<m${i}@example.com>` });
const delivered = (i: number) => ({ ...msg(i), timestamp: HOUR_10, event: "delivered", response: "250 OK", sg_event_id: `d${i}` });
const open = (i: number, at: number, machine: boolean | undefined, extra: Record<string, unknown> = {}) => ({
  ...msg(i),
  timestamp: at,
  event: "open",
  sg_event_id: `o${i}-${at}-${String(machine)}`,
  ...(machine === undefined ? {} : { sg_machine_open: machine }),
  useragent: machine ? "Mozilla/5.0" : "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0",
  ip: machine ? "17.58.63.221" : "203.0.113.9",
  ...extra,
});
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

async function rates(period: { from: Date; to: Date }) {
  const inputs = await store.kpiInputs(ctx, period, {});
  const kpis = computeKpis(inputs);
  const value = (id: "open_rate" | "human_open_rate") => {
    const v = kpis.get(id);
    return v?.state === "ok" ? v.value : v?.state;
  };
  return { ...inputs.engagement, open: value("open_rate"), human: value("human_open_rate") };
}

async function openRollups() {
  return t.db.deliveryRollup.findMany({
    where: { orgId: ctx.orgId, category: "open" },
    select: { hour: true, count: true, uniqueCount: true, machineOnlyCount: true },
    orderBy: { hour: "asc" },
  });
}

describe("machine opens from an ESP webhook to the KPI", () => {
  it("counts a message whose only opens were machine opens apart, and a machine-then-human message as human", async () => {
    await deliver([
      ...range(0, 100).map(delivered),
      // 40 people open.
      ...range(0, 40).map((i) => open(i, HOUR_10 + 600, false)),
      // 30 messages only Apple's proxy fetches (SendGrid's flag).
      ...range(40, 70).map((i) => open(i, HOUR_10 + 60, true)),
      // 10 fetched by the proxy first, then opened by a person: human.
      ...range(70, 80).flatMap((i) => [open(i, HOUR_10 + 60, true), open(i, HOUR_10 + 900, false)]),
      // 5 with no SendGrid flag: the Apple proxy heuristic (bare Mozilla/5.0 from 17/8) decides.
      ...range(80, 85).map((i) => open(i, HOUR_10 + 120, undefined, { useragent: "Mozilla/5.0", ip: "17.1.2.3" })),
    ]);
    expect(await t.db.deliveryEvent.count({ where: { orgId: ctx.orgId, category: "open", machineOpen: true } })).toBe(45);
    expect(await t.db.deliveryEvent.count({ where: { orgId: ctx.orgId, category: "open", machineOpen: false } })).toBe(50);
    expect(await openRollups()).toEqual([{ hour: new Date(HOUR_10 * 1000), count: 95, uniqueCount: 85, machineOnlyCount: 35 }]);
    expect(await rates(HOURS_10_TO_12)).toMatchObject({ delivered: 100, opened: 85, machineOnlyOpened: 35, open: 0.85, human: 0.5 });
  });

  it("takes a later human open out of the machine-only count of the row that counted the message, and a replay changes nothing", async () => {
    const late = [
      // 10 of the machine-only messages are opened by their recipients four hours later …
      ...range(40, 50).map((i) => open(i, HOUR_14, false)),
      // … and 5 more machine fetches of them change nothing.
      ...range(50, 55).map((i) => open(i, HOUR_14, true)),
    ];
    await deliver(late);
    const rows = await openRollups();
    // The 10:00 row keeps its unique opens and loses 10 machine-only ones; the 14:00 row counts opens, no unique ones.
    expect(rows).toEqual([
      { hour: new Date(HOUR_10 * 1000), count: 95, uniqueCount: 85, machineOnlyCount: 25 },
      { hour: new Date(HOUR_14 * 1000), count: 15, uniqueCount: 0, machineOnlyCount: 0 },
    ]);
    const day = await t.db.deliveryRollupDay.findFirstOrThrow({ where: { orgId: ctx.orgId, category: "open" } });
    expect(day).toMatchObject({ count: 110, uniqueCount: 85, machineOnlyCount: 25 });
    // The hourly read of 10:00–12:00 and the daily read of the whole day agree.
    expect(await rates(HOURS_10_TO_12)).toMatchObject({ opened: 85, machineOnlyOpened: 25, open: 0.85, human: 0.6 });
    expect(await rates(DAY)).toMatchObject({ opened: 85, machineOnlyOpened: 25, open: 0.85, human: 0.6 });

    // The same events again (a retried call with new event ids would be the same rows): nothing moves.
    await deliver(late.map((e) => ({ ...e, sg_event_id: `${String(e.sg_event_id)}-retry` })));
    expect(await openRollups()).toEqual(rows);
  });
});
