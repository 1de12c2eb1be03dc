/**
 * probes.maintain on a real database: partitions for the current month and the months ahead are
 * created (a row three months ahead lands in its own partition, not the default one), a second run
 * changes nothing, and months past retention are dropped whole.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { maintainProbes, PROBE_PARTITIONS_AHEAD_MONTHS, PROBE_RESULT_RETENTION_DAYS } from "./maintain.ts";
import { systemContext } from "../context.ts";

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

async function partitionOf(time: Date): Promise<string | undefined> {
  const org = await t.db.organization.create({ data: { name: "P", slug: `p-${time.getTime()}` } });
  const server = await t.db.mailServer.create({ data: { orgId: org.id, hostname: "mx.partition.test" } });
  const monitor = await t.db.monitor.create({ data: { orgId: org.id, serverId: server.id, port: 25, mode: "starttls", stateReasons: [] } });
  await t.db.probeResult.create({
    data: { id: `pr_${time.getTime()}`, orgId: org.id, monitorId: monitor.id, time, outcome: "ok", totalMs: 12, result: {} },
  });
  const rows = await t.db.$queryRawUnsafe<{ part: string }[]>(
    `select tableoid::regclass::text as part from "ProbeResult" where id = $1`,
    `pr_${time.getTime()}`,
  );
  return rows[0]?.part;
}

describe("probes.maintain", () => {
  it("creates the months ahead so a row three months out lands in its own partition; idempotent", async () => {
    // Past the migration's last partition (April 2027).
    const now = new Date(Date.UTC(2027, 5, 15));
    const first = await maintainProbes(sys(), { now });
    expect(PROBE_PARTITIONS_AHEAD_MONTHS).toBeGreaterThanOrEqual(3);
    expect(first.created).toEqual(["ProbeResult_p202706", "ProbeResult_p202707", "ProbeResult_p202708", "ProbeResult_p202709"]);
    expect(first.skipped).toEqual([]);
    // November 2026 ended more than PROBE_RESULT_RETENTION_DAYS before.
    expect(first.dropped).toEqual(["ProbeResult_p202611"]);
    expect(await partitionOf(new Date(Date.UTC(2027, 8, 20, 8, 30)))).toBe('"ProbeResult_p202709"');

    const second = await maintainProbes(sys(), { now });
    expect(second.created).toEqual([]);
    expect(second.dropped).toEqual([]);
  });

  it("drops whole months past retention and keeps the rest", async () => {
    // December 2026 ends more than PROBE_RESULT_RETENTION_DAYS before this date; January 2027 does not.
    const now = new Date(Date.UTC(2027, 0, 1) + (PROBE_RESULT_RETENTION_DAYS + 1) * 86_400_000);
    const result = await maintainProbes(sys(), { now });
    expect(result.dropped).toEqual(["ProbeResult_p202612"]);
    const left = await t.db.$queryRawUnsafe<{ relname: string }[]>(
      `select relname from pg_class where relname like 'ProbeResult_p20270%' and relkind in ('r', 'p') order by relname limit 1`,
    );
    expect(left.map((r) => r.relname)).toEqual(["ProbeResult_p202701"]);
  });
});
