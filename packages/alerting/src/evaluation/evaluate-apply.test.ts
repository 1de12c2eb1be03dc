import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type Db } from "@inboxwatch/db";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { PgBoss } from "@inboxwatch/jobs";
import { type OrgContext, systemContext } from "@inboxwatch/services";

import { createChannel } from "../notifications/channels.ts";
import { evaluateOrganizations } from "./evaluate.ts";
import { createRule } from "../rules/rules.ts";

let t: TestDatabase;
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
const PORTS = [25, 587, 465];

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

let orgCount = 0;
/**
 * An organization whose per-port "port down" rule opens one incident per port (3), each notified on a
 * webhook right away and collected for an email digest.
 */
async function orgWithPortsDown(): Promise<string> {
  const org = await t.db.organization.create({ data: { name: "Apply", slug: `apply-${++orgCount}` } });
  const ctx: OrgContext = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
  const { channel: hook } = await createChannel(ctx, { kind: "webhook", name: "hook", config: { url: "http://127.0.0.1:9/hook" } });
  const { channel: mail } = await createChannel(ctx, {
    kind: "email",
    name: "mail",
    config: { to: ["ops@example.com"] },
    digestSeverities: ["critical"],
  });
  await createRule(ctx, {
    name: "Port down",
    scope: { type: "organization" },
    condition: { kind: "event", event: "port_down" },
    severity: "critical",
    minVolume: 1,
    channelIds: [hook.id, mail.id],
  });
  const server = await t.db.mailServer.create({ data: { orgId: org.id, hostname: `mx.apply-${orgCount}.example` } });
  await t.db.monitor.createMany({
    data: PORTS.map((port) => ({
      orgId: org.id,
      serverId: server.id,
      port,
      mode: port === 465 ? ("tls" as const) : ("starttls" as const),
      state: "DOWN" as const,
      stateSince: new Date(T0 - 10 * MINUTE),
      lastProbeAt: new Date(T0),
      lastOutcome: "refused",
    })),
  });
  return org.id;
}

/** The client counting every statement it sends (model operations and raw queries, in transactions too) and its transactions. */
function counting(db: Db): { db: Db; statements: () => number; transactions: () => number } {
  let statements = 0;
  let transactions = 0;
  const extended = db.$extends({
    query: {
      $allOperations({ args, query }): Promise<unknown> {
        statements++;
        return query(args) as Promise<unknown>;
      },
    },
  }) as unknown as Db;
  const counted = new Proxy(extended, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop !== "$transaction" || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        transactions++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db: counted, statements: () => statements, transactions: () => transactions };
}

async function written(orgIds: string[]) {
  const where = { orgId: { in: orgIds } };
  const [incidents, fired, notifications, digestItems, jobs] = await Promise.all([
    t.db.incident.count({ where }),
    t.db.incidentEvent.count({ where: { ...where, type: "fired" } }),
    t.db.notification.findMany({ where, select: { id: true, incidentId: true } }),
    t.db.alertDigestItem.count({ where }),
    t.db.$queryRawUnsafe<{ id: string }[]>(
      `select j.data->>'notificationId' as id from pgboss.job j join "Notification" n on n.id = j.data->>'notificationId' where j.name = 'alerts.deliver' and n."orgId" = any($1::text[])`,
      orgIds,
    ),
  ]);
  return {
    incidents,
    fired,
    notifications: notifications.length,
    digestItems,
    jobs: jobs.map((j) => j.id).sort(),
    notificationIds: notifications.map((n) => n.id).sort(),
  };
}

describe("incident changes of a batch (evaluate-apply.ts)", () => {
  it("opens and resolves any number of incidents with the same statements and one transaction, and a re-run opens nothing", async () => {
    const small = [await orgWithPortsDown(), await orgWithPortsDown()];
    const large = [
      await orgWithPortsDown(),
      await orgWithPortsDown(),
      await orgWithPortsDown(),
      await orgWithPortsDown(),
      await orgWithPortsDown(),
      await orgWithPortsDown(),
    ];
    const a = counting(t.db);
    expect(
      await evaluateOrganizations(systemContext(a.db, "test"), { orgs: small.map((orgId) => ({ orgId })), now: T0 + MINUTE }),
    ).toMatchObject({
      opened: 6,
      notifications: 6,
    });
    const b = counting(t.db);
    expect(
      await evaluateOrganizations(systemContext(b.db, "test"), { orgs: large.map((orgId) => ({ orgId })), now: T0 + MINUTE }),
    ).toMatchObject({
      opened: 18,
      notifications: 18,
    });
    // 18 incidents (one per organization × port) cost what 6 did: reads, then ONE transaction of multi-row writes.
    expect(b.statements()).toBe(a.statements());
    expect(b.transactions()).toBe(1);
    expect(b.statements()).toBeLessThanOrEqual(30);

    // Each incident has its timeline row, its webhook notification with its delivery job, its digest item.
    const opened = await written(large);
    expect(opened).toMatchObject({ incidents: 18, fired: 18, notifications: 18, digestItems: 18 });
    expect(opened.jobs).toEqual(opened.notificationIds);
    const titles = await t.db.incident.findMany({ where: { orgId: large[0] }, select: { title: true, scopeKey: true } });
    expect(titles.map((i) => i.title).sort()).toEqual(PORTS.map((p) => `Port down — mx.apply-3.example port ${p}`).sort());
    expect(new Set(titles.map((i) => i.scopeKey)).size).toBe(3);

    // The same sweep again: nothing new.
    expect(
      await evaluateOrganizations(systemContext(t.db, "test"), { orgs: large.map((orgId) => ({ orgId })), now: T0 + MINUTE }),
    ).toMatchObject({
      opened: 0,
      notifications: 0,
    });
    expect(await written(large)).toEqual(opened);

    // The ports come back: every incident resolves and is notified, still in one transaction.
    await t.db.monitor.updateMany({
      where: { orgId: { in: [...small, ...large] } },
      data: { state: "UP", stateSince: new Date(T0 + 2 * MINUTE), lastProbeAt: new Date(T0 + 2 * MINUTE) },
    });
    const c = counting(t.db);
    expect(
      await evaluateOrganizations(systemContext(c.db, "test"), { orgs: small.map((orgId) => ({ orgId })), now: T0 + 3 * MINUTE }),
    ).toMatchObject({
      resolved: 6,
      notifications: 6,
    });
    const d = counting(t.db);
    expect(
      await evaluateOrganizations(systemContext(d.db, "test"), { orgs: large.map((orgId) => ({ orgId })), now: T0 + 3 * MINUTE }),
    ).toMatchObject({
      resolved: 18,
      notifications: 18,
    });
    expect(d.statements()).toBe(c.statements());
    expect(d.transactions()).toBe(1);
    const resolved = await written(large);
    expect(await t.db.incident.count({ where: { orgId: { in: large }, status: "resolved" } })).toBe(18);
    expect(await t.db.incidentEvent.count({ where: { orgId: { in: large }, type: "resolved" } })).toBe(18);
    expect(resolved.jobs).toEqual(resolved.notificationIds);
    expect(resolved.notifications).toBe(36);
    // Resolving again changes nothing.
    expect(
      await evaluateOrganizations(systemContext(t.db, "test"), { orgs: large.map((orgId) => ({ orgId })), now: T0 + 4 * MINUTE }),
    ).toMatchObject({
      resolved: 0,
      opened: 0,
      notifications: 0,
    });
    expect(await written(large)).toEqual(resolved);
  });

  it("opens each incident once when two evaluations of the same batch race", async () => {
    const orgs = [await orgWithPortsDown(), await orgWithPortsDown(), await orgWithPortsDown()];
    const batch = { orgs: orgs.map((orgId) => ({ orgId })), now: T0 + MINUTE };
    const [x, y] = await Promise.all([
      evaluateOrganizations(systemContext(t.db, "test"), batch),
      evaluateOrganizations(systemContext(t.db, "test"), batch),
    ]);
    expect((x?.opened ?? 0) + (y?.opened ?? 0)).toBe(9);
    const after = await written(orgs);
    expect(after).toMatchObject({ incidents: 9, fired: 9, notifications: 9, digestItems: 9 });
    expect(after.jobs).toEqual(after.notificationIds);
  });

  // Last: it removes the delivery queue of this file's database.
  it("stores no incident without its notifications' delivery jobs: with the queue gone, the batch writes nothing of them", async () => {
    const orgs = [await orgWithPortsDown(), await orgWithPortsDown()];
    const boss = new PgBoss({ connectionString: t.url, max: 2, supervise: false, schedule: false });
    boss.on("error", () => undefined);
    await boss.start();
    try {
      await t.db.$executeRawUnsafe(`delete from pgboss.job where name = 'alerts.deliver'`);
      await boss.deleteQueue("alerts.deliver");
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    // The batch fails, then each change alone: every one names the cause.
    const failure: unknown = await evaluateOrganizations(systemContext(t.db, "test"), {
      orgs: orgs.map((orgId) => ({ orgId })),
      now: T0 + MINUTE,
    }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(AggregateError);
    const errors = (failure as AggregateError).errors.map((e) => String(e));
    expect(errors).toHaveLength(6);
    expect(errors.every((e) => e.includes("delivery jobs not queued"))).toBe(true);
    expect(await written(orgs)).toMatchObject({ incidents: 0, fired: 0, notifications: 0, digestItems: 0 });
  });
});
