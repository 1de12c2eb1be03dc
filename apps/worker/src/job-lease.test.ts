// The lease on a running job: it moves started_on so that pg-boss's expiry lands JOB_LEASE_SECONDS from now,
// keeps expire_in (the run-time limit), never extends a job past its own expiry, and leaves jobs that are
// no longer active alone; and a job fetched but never leased (its worker died in between) is expired.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { PgBoss } from "@inboxwatch/jobs";

import { holdLease, JOB_LEASE_SECONDS, reclaimUnleasedJobs } from "./job-lease.ts";

/** Slack for the clock between our statement and the check. */
const TOLERANCE_S = 2;

let t: TestDatabase;
let boss: PgBoss;
beforeAll(async () => {
  t = await createTestDatabase();
  boss = new PgBoss({ connectionString: t.url, max: 2, supervise: false, schedule: false });
  await boss.start();
  await boss.createQueue("lease-long", { name: "lease-long", expireInSeconds: 600 });
  await boss.createQueue("lease-short", { name: "lease-short", expireInSeconds: 5 });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await t?.drop();
});

async function lease(id: string) {
  const [row] = await t.db.$queryRawUnsafe<{ expires_in_s: number; expire_in_s: number; state: string }[]>(
    `select extract(epoch from started_on + expire_in - now())::float8 as expires_in_s, extract(epoch from expire_in)::float8 as expire_in_s, state::text as state
       from pgboss.job where id = $1::uuid`,
    id,
  );
  if (!row) throw new Error(`no job ${id}`);
  return row;
}

describe("holdLease", () => {
  it("brings a running job's expiry to the lease and keeps its run-time limit", async () => {
    await boss.send("lease-long", {});
    const [job] = await boss.fetch("lease-long");
    if (!job) throw new Error("nothing fetched");
    expect((await lease(job.id)).expires_in_s).toBeGreaterThan(600 - TOLERANCE_S);

    const held = await holdLease(boss, "lease-long", [job.id]);
    held.release();

    const after = await lease(job.id);
    expect(after.expires_in_s).toBeGreaterThan(JOB_LEASE_SECONDS - TOLERANCE_S);
    expect(after.expires_in_s).toBeLessThanOrEqual(JOB_LEASE_SECONDS);
    expect(after.expire_in_s).toBe(600);
  });

  it("never extends a job whose whole expiry is shorter than the lease", async () => {
    await boss.send("lease-short", {});
    const [job] = await boss.fetch("lease-short");
    if (!job) throw new Error("nothing fetched");
    (await holdLease(boss, "lease-short", [job.id])).release();
    expect((await lease(job.id)).expires_in_s).toBeLessThanOrEqual(5);
  });

  it("leaves a job that is no longer active alone", async () => {
    await boss.send("lease-long", {});
    const [job] = await boss.fetch("lease-long");
    if (!job) throw new Error("nothing fetched");
    await boss.complete("lease-long", job.id);
    (await holdLease(boss, "lease-long", [job.id])).release();
    const after = await lease(job.id);
    expect(after.state).toBe("completed");
    expect(after.expires_in_s).toBeGreaterThan(600 - TOLERANCE_S);
  });
});

describe("reclaimUnleasedJobs", () => {
  it("expires a job fetched a lease ago and never leased (its worker died right after the fetch), and only that one", async () => {
    await boss.send("lease-long", { n: "orphan" });
    await boss.send("lease-long", { n: "leased" });
    await boss.send("lease-long", { n: "fresh" });
    const jobs = await boss.fetch<{ n: string }>("lease-long", { batchSize: 3 });
    const id = (n: string) => jobs.find((j) => j.data.n === n)?.id ?? "";
    // Fetched 20 s ago by a worker that never took the lease; another leased 20 s ago and renewing since.
    await t.db.$executeRawUnsafe(`update pgboss.job set started_on = now() - interval '20 seconds' where id = any($1::uuid[])`, [
      id("orphan"),
      id("leased"),
    ]);
    (await holdLease(boss, "lease-long", [id("leased")])).release();

    await reclaimUnleasedJobs(boss);

    expect((await lease(id("orphan"))).expires_in_s).toBeLessThanOrEqual(0);
    expect((await lease(id("leased"))).expires_in_s).toBeGreaterThan(JOB_LEASE_SECONDS - TOLERANCE_S);
    // Just fetched: its worker is about to take the lease.
    expect((await lease(id("fresh"))).expires_in_s).toBeGreaterThan(600 - TOLERANCE_S);
  });
});
