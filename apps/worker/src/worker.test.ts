import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { JOBS, PgBoss, sendJob } from "@inboxwatch/jobs";
import { systemContext } from "@inboxwatch/services";
import { deliverQueuedMail, queueMail, sealMail } from "@inboxwatch/services/mail";

import { startWorker, type RunningWorker } from "./worker.ts";
import { eventually } from "./testing.ts";

let t: TestDatabase;
let worker: RunningWorker;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  worker = await startWorker({ db: t.db, databaseUrl: t.url, healthPort: 0, concurrency: 2, log: () => {} });
});
afterAll(async () => {
  await worker?.stop();
  await t?.drop();
});

describe("worker", () => {
  it("registers every job's cron schedule (audit retention nightly)", async () => {
    const schedules = await worker.boss.getSchedules();
    const retention = schedules.find((s) => s.name === "audit.retention");
    expect(retention?.cron).toBe(JOBS["audit.retention"].cron);
  });

  it("works a job enqueued in a transaction: the mail lands in the outbox", async () => {
    delete process.env.SMTP_URL;
    const boss = new PgBoss({ connectionString: t.url, max: 1 });
    await t.db.$transaction(async (tx) => {
      await sendJob(
        "mail.send",
        { to: "ops@worker.test", sealed: sealMail("ops@worker.test", { subject: "Hello from a job", text: "body" }) },
        { tx, boss },
      );
    });
    const mail = await eventually(() => t.db.outboxMessage.findFirst({ where: { to: "ops@worker.test" } }));
    expect(mail.subject).toBe("Hello from a job");
  });

  it("keeps no mail content in the job table: sealed when queued, scrubbed once delivered", async () => {
    delete process.env.SMTP_URL;
    const link = "https://app.test/magic?token=secret-link-token-123";
    await t.db.$transaction((tx) =>
      queueMail({ db: tx }, { to: "link@worker.test", content: { subject: "Your link", text: `Sign in: ${link}` } }),
    );
    const queued = await t.db.$queryRaw<
      { data: { sealed: string | null } }[]
    >`SELECT data FROM pgboss.job WHERE name = 'mail.send' AND data->>'to' = 'link@worker.test'`;
    expect(JSON.stringify(queued)).not.toContain("secret-link-token-123");
    expect(queued[0]?.data.sealed).toMatch(/^v1\./);
    await eventually(() => t.db.outboxMessage.findFirst({ where: { to: "link@worker.test" } }));
    const done = await eventually(async () => {
      const rows = await t.db.$queryRaw<
        { data: { sealed: string | null }; state: string }[]
      >`SELECT data, state::text FROM pgboss.job WHERE name = 'mail.send' AND data->>'to' = 'link@worker.test'`;
      return rows[0]?.state === "completed" ? rows[0] : null;
    });
    expect(done.data.sealed).toBeNull();
    // A re-run of the delivered job (its completion lost with a dying worker) sends nothing again.
    expect(await deliverQueuedMail(systemContext(t.db, "test"), { to: "link@worker.test", sealed: null })).toEqual({
      skipped: "already delivered",
    });
    expect(await t.db.outboxMessage.count({ where: { to: "link@worker.test" } })).toBe(1);
  });

  it("runs the retention job end to end: old audit rows go, recent ones stay", async () => {
    const org = await t.db.organization.create({ data: { name: "R", slug: "retention" } });
    const old = new Date(Date.now() - 400 * 86_400_000);
    await t.db.auditLog.createMany({
      data: [
        { orgId: org.id, actorType: "SYSTEM", actorLabel: "t", action: "old", targetType: "x", createdAt: old },
        { orgId: org.id, actorType: "SYSTEM", actorLabel: "t", action: "new", targetType: "x" },
      ],
    });
    await sendJob("audit.retention", {}, { boss: worker.boss });
    await eventually(async () => (await t.db.auditLog.count({ where: { orgId: org.id, action: "old" } })) === 0);
    expect(await t.db.auditLog.count({ where: { orgId: org.id, action: "new" } })).toBe(1);
  });

  it("answers on its health endpoint", async () => {
    const res = await fetch(`http://127.0.0.1:${worker.healthPort}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });
});
