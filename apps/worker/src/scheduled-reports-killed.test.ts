/**
 * Fault test (issue 14, "Bad input and faults"): the worker is SIGKILLed while it sends a report — the
 * receiving SMTP server holds the third message's DATA unanswered, so that message is in flight when the
 * worker dies. A second worker takes over (the dead worker's job lease runs out) and every recipient ends up
 * with exactly one accepted copy: the ones sent before the kill are not sent again (their delivery rows were
 * marked sent), the one in flight was never accepted and is sent once, the rest are sent once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { type AddressInfo } from "node:net";
import path from "node:path";

import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { sendJob } from "@inboxwatch/jobs";

import { eventually } from "./testing.ts";
import { type RunningWorker, startWorker } from "./worker.ts";

const RECIPIENTS = 5;
const STALL_AT = 3;

let t: TestDatabase;
let child: ChildProcess | undefined;
let survivor: RunningWorker | undefined;
let smtp: SMTPServer;
let port: number;
const accepted: string[] = [];
let received = 0;
let stalledSeen: () => void = () => undefined;
const stalled = new Promise<void>((resolve) => (stalledSeen = resolve));

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    closeTimeout: 100,
    size: 20 * 1024 * 1024,
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () => {
        received++;
        // The third message is never answered: the worker is killed while it waits for the "250".
        if (received === STALL_AT) return stalledSeen();
        for (const r of session.envelope.rcptTo) accepted.push(r.address);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  port = (smtp.server.address() as AddressInfo).port;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
});

afterAll(async () => {
  child?.kill("SIGKILL");
  await survivor?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  delete process.env.SMTP_URL;
  await t?.drop();
});

describe("worker killed while sending a report", () => {
  it("each recipient gets the report exactly once after a second worker takes over", async () => {
    const org = await t.db.organization.create({ data: { name: "Killed sender", slug: "killed-sender" } });
    const definition = await t.db.reportDefinition.create({
      data: {
        orgId: org.id,
        name: "Weekly",
        cadence: "weekly",
        weekday: 1,
        audience: "leadership",
        recipientEmails: Array.from({ length: RECIPIENTS }, (_, i) => `r${i + 1}@example.test`),
        nextRunAt: null,
      },
    });
    const edition = await t.db.reportEdition.create({
      data: {
        orgId: org.id,
        definitionId: definition.id,
        runKey: "2026-W48",
        title: "Weekly deliverability report · 23 Nov – 29 Nov 2026",
        cadence: "weekly",
        audience: "leadership",
        periodFrom: new Date("2026-11-23T00:00:00Z"),
        periodTo: new Date("2026-11-30T00:00:00Z"),
      },
    });
    await t.db.$transaction((tx) => sendJob("report.build", { editionId: edition.id }, { tx }));

    const proc = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "report-child.testing.ts"), t.url], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, SMTP_URL: `smtp://127.0.0.1:${port}` },
    });
    child = proc;
    const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    await Promise.race([stalled, exited.then(() => Promise.reject(new Error("the worker exited before sending")))]);
    proc.kill("SIGKILL");
    await exited;
    const beforeTakeover = [...accepted];
    expect(beforeTakeover.length).toBe(STALL_AT - 1);

    survivor = await startWorker({ db: t.db, databaseUrl: t.url, healthPort: 0, concurrency: 2, log: () => {} });
    const rows = await eventually(async () => {
      const r = await t.db.reportDelivery.findMany({ where: { editionId: edition.id } });
      return r.length === RECIPIENTS && r.every((d) => d.status === "sent") ? r : null;
    }, 100_000);
    expect(rows).toHaveLength(RECIPIENTS);
    expect([...accepted].sort()).toEqual(Array.from({ length: RECIPIENTS }, (_, i) => `r${i + 1}@example.test`));
  }, 150_000);
});
