/**
 * Storing probes of monitors: the result rows, each monitor's next state, state-change and drift
 * events, the hourly rollups, and (after a first failure) the confirming retry — for a whole batch in
 * one transaction, so a crash leaves all of it or none, and a re-run job for the same slot records
 * nothing twice. A batch of N probes is a fixed number of statements whatever N: one slot claim, two
 * reads, one UPDATE of the monitors, one multi-row INSERT of results, one of events, one rollup upsert
 * (issue 3 §4: results are written in batches).
 */
import { randomUUID } from "node:crypto";

import {
  detectFingerprintDrift,
  fingerprintOf,
  isProbeFailure,
  MONITOR_FAILURES_TO_CONFIRM_DOWN,
  nextMonitorState,
  type ProbeFingerprint,
  type ProbeResult,
} from "@inboxwatch/deliverability/smtp";
import { type Monitor, type Prisma } from "@inboxwatch/db";
import { sendJob } from "@inboxwatch/jobs";

import { type InTx, type SystemContext, type Tx } from "../context.ts";
import { driftMessage, json, previousState, resultColumns, rollupRows } from "./record-rows.ts";

/** A first failure is re-probed this soon, so DOWN is confirmed (or not) within half a minute, not a whole interval. */
export const PROBE_RETRY_DELAY_SECONDS = 20;

export interface RecordedProbe {
  recorded: boolean;
  resultId: string | null;
  state: Monitor["state"];
  retryQueued: boolean;
  events: number;
}

export interface ProbeToRecord {
  monitor: Monitor;
  /**
   * The scheduled time this probe stands for (the claimed `nextProbeAt`, a retry's due time, or now for
   * "Probe now"); a slot at or before the monitor's last recorded one is skipped.
   */
  slot: Date;
  result: ProbeResult;
  now: Date;
}

/** One probe of one monitor; see recordProbes. */
export async function recordProbe(ctx: Pick<InTx<SystemContext>, "db">, input: ProbeToRecord): Promise<RecordedProbe> {
  const [recorded] = await recordProbes(ctx, { items: [input] });
  if (!recorded) throw new Error("recordProbes returned no entry for its only item");
  return recorded;
}

/**
 * Records a batch, one entry per item in the same order. Items of the same monitor (a retry next to its
 * scheduled probe) go in successive rounds, each round reading the state the previous one wrote.
 */
export async function recordProbes(ctx: Pick<InTx<SystemContext>, "db">, input: { items: ProbeToRecord[] }): Promise<RecordedProbe[]> {
  const tx = ctx.db;
  const { items } = input;
  const out = new Map<number, RecordedProbe>();
  // Oldest slot first: two probes of one monitor that finished out of order are both recorded, in order.
  let pending = items.map((item, index) => ({ item, index })).sort((a, b) => a.item.slot.getTime() - b.item.slot.getTime());
  while (pending.length > 0) {
    const seen = new Set<string>();
    const round: typeof pending = [];
    const later: typeof pending = [];
    for (const p of pending) {
      if (seen.has(p.item.monitor.id)) later.push(p);
      else {
        seen.add(p.item.monitor.id);
        round.push(p);
      }
    }
    const recorded = await recordRound(
      tx,
      round.map((p) => p.item),
    );
    round.forEach((p, i) => {
      const r = recorded[i];
      if (r) out.set(p.index, r);
    });
    pending = later;
  }
  return items.map(
    (item, i) => out.get(i) ?? { recorded: false, resultId: null, state: item.monitor.state, retryQueued: false, events: 0 },
  );
}

/**
 * Claims each monitor's slot (the row lock also serialises concurrent recorders of one monitor) and
 * returns the ids whose slot was newer than the last recorded one.
 */
async function claimSlots(tx: Tx, items: ProbeToRecord[]): Promise<Set<string>> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `update "Monitor" m set "lastSlotAt" = v.slot
     from unnest($1::text[], $2::text[], $3::timestamp(3)[]) as v(id, "orgId", slot)
     where m."id" = v.id and m."orgId" = v."orgId" and (m."lastSlotAt" is null or m."lastSlotAt" < v.slot)
     returning m."id"`,
    items.map((i) => i.monitor.id),
    items.map((i) => i.monitor.orgId),
    items.map((i) => i.slot.toISOString()),
  );
  return new Set(rows.map((r) => r.id));
}

/** The last probes of each monitor before this one, oldest first (what confirms DOWN). */
async function recentResults(tx: Tx, monitors: Monitor[]): Promise<Map<string, ProbeResult[]>> {
  const take = MONITOR_FAILURES_TO_CONFIRM_DOWN - 1;
  const byMonitor = new Map<string, ProbeResult[]>(monitors.map((m) => [m.id, []]));
  if (take <= 0 || monitors.length === 0) return byMonitor;
  const rows = await tx.$queryRawUnsafe<{ monitorId: string; result: unknown }[]>(
    `select v.id as "monitorId", r."result" from unnest($1::text[], $2::text[]) as v(id, "orgId")
     cross join lateral (
       select p."result", p."time" from "ProbeResult" p where p."orgId" = v."orgId" and p."monitorId" = v.id order by p."time" desc limit $3
     ) r
     order by v.id, r."time" asc`,
    monitors.map((m) => m.id),
    monitors.map((m) => m.orgId),
    take,
  );
  for (const r of rows) byMonitor.get(r.monitorId)?.push(r.result as ProbeResult);
  return byMonitor;
}

const ROLLUP_SQL = `insert into "MonitorRollup" ("orgId", "monitorId", "hour", "probes", "ok", "latencySumMs", "latencyMinMs", "latencyMaxMs")
  select * from unnest($1::text[], $2::text[], $3::timestamp(3)[], $4::int[], $5::int[], $6::float8[], $7::int[], $8::int[])
  on conflict ("orgId", "monitorId", "hour") do update set
    "probes" = "MonitorRollup"."probes" + excluded."probes",
    "ok" = "MonitorRollup"."ok" + excluded."ok",
    "latencySumMs" = "MonitorRollup"."latencySumMs" + excluded."latencySumMs",
    "latencyMinMs" = least("MonitorRollup"."latencyMinMs", excluded."latencyMinMs"),
    "latencyMaxMs" = greatest("MonitorRollup"."latencyMaxMs", excluded."latencyMaxMs")`;

/** A monitor's next state and last-probe columns; null baseline/fingerprint keep the stored one. */
interface MonitorUpdate {
  id: string;
  orgId: string;
  state: Monitor["state"];
  stateSince: string;
  consecutiveFailures: number;
  stateReasons: string[];
  baseline: ProbeFingerprint | null;
  lastOkFingerprint: ProbeFingerprint | null;
  lastProbeAt: string;
  lastOutcome: string;
  lastLatencyMs: number;
  lastTlsVersion: string | null;
  nextProbeAt: string;
}

/**
 * Every monitor of the batch in one UPDATE: the rows travel as one JSON array (jsonb_to_recordset), as
 * their columns include arrays and jsonb that unnest() cannot pair up row by row. Timestamps are ISO
 * strings in UTC, read as `timestamp` (the offset is dropped, and it is always Z).
 */
const MONITOR_UPDATE_SQL = `update "Monitor" m set
    "state" = v."state"::"MonitorStatus",
    "stateSince" = v."stateSince",
    "consecutiveFailures" = v."consecutiveFailures",
    "stateReasons" = array(select jsonb_array_elements_text(v."stateReasons")),
    "baseline" = coalesce(v."baseline", m."baseline"),
    "lastOkFingerprint" = coalesce(v."lastOkFingerprint", m."lastOkFingerprint"),
    "lastProbeAt" = v."lastProbeAt",
    "lastOutcome" = v."lastOutcome",
    "lastLatencyMs" = v."lastLatencyMs",
    "lastTlsVersion" = v."lastTlsVersion",
    "nextProbeAt" = v."nextProbeAt",
    "updatedAt" = now()
  from jsonb_to_recordset($1::jsonb) as v("id" text, "orgId" text, "state" text, "stateSince" timestamp(3), "consecutiveFailures" int,
    "stateReasons" jsonb, "baseline" jsonb, "lastOkFingerprint" jsonb, "lastProbeAt" timestamp(3), "lastOutcome" text, "lastLatencyMs" int,
    "lastTlsVersion" text, "nextProbeAt" timestamp(3))
  where m."id" = v."id" and m."orgId" = v."orgId"`;

/** One round: every monitor at most once. */
async function recordRound(tx: Tx, items: ProbeToRecord[]): Promise<RecordedProbe[]> {
  const claimed = await claimSlots(tx, items);
  if (claimed.size === 0)
    return items.map((i) => ({ recorded: false, resultId: null, state: i.monitor.state, retryQueued: false, events: 0 }));
  // Re-read under the claim's row lock: the state another probe recorded while this one ran counts.
  const fresh = await tx.monitor.findMany({
    where: { id: { in: [...claimed] }, orgId: { in: [...new Set(items.map((i) => i.monitor.orgId))] } },
  });
  const monitors = new Map(fresh.map((m) => [m.id, m]));
  const recent = await recentResults(tx, fresh);

  const results: Prisma.ProbeResultCreateManyInput[] = [];
  const events: Prisma.MonitorEventCreateManyInput[] = [];
  const rollupInput: Parameters<typeof rollupRows>[0] = [];
  const retries: { orgId: string; monitorId: string; due: Date }[] = [];
  const updates: MonitorUpdate[] = [];
  const out: RecordedProbe[] = [];

  for (const item of items) {
    const monitor = monitors.get(item.monitor.id);
    if (!monitor) {
      out.push({ recorded: false, resultId: null, state: item.monitor.state, retryQueued: false, events: 0 });
      continue;
    }
    const { result, now } = item;
    const time = new Date(result.startedAt);
    const next = nextMonitorState(previousState(monitor), [...(recent.get(monitor.id) ?? []), result]);
    const failed = isProbeFailure(result);
    const id = `pr_${randomUUID().replace(/-/g, "")}`;
    results.push({ id, orgId: monitor.orgId, monitorId: monitor.id, time, ...resultColumns(result), result: json(result) });

    const eventsBefore = events.length;
    if (next.status !== monitor.state) {
      events.push({
        orgId: monitor.orgId,
        monitorId: monitor.id,
        at: time,
        kind: "state_change",
        type: next.status,
        severity: next.status === "DOWN" ? "critical" : next.status === "DEGRADED" ? "warning" : "info",
        message:
          next.reasons.length > 0 ? `${monitor.state} → ${next.status}: ${next.reasons.join("; ")}` : `${monitor.state} → ${next.status}`,
        before: json(monitor.state),
        after: json(next.status),
      });
    }
    let lastOkFingerprint = monitor.lastOkFingerprint as ProbeFingerprint | null;
    if (result.outcome.kind === "ok") {
      const current = fingerprintOf(result);
      for (const e of detectFingerprintDrift(lastOkFingerprint, current)) {
        events.push({
          orgId: monitor.orgId,
          monitorId: monitor.id,
          at: time,
          kind: "drift",
          type: e.type,
          severity: e.severity === "regression" ? "warning" : "info",
          message: driftMessage(e),
          ...("before" in e ? { before: json(e.before) } : {}),
          ...("after" in e ? { after: json(e.after) } : { after: json({ daysLeft: e.daysLeft, notAfter: e.notAfter }) }),
        });
      }
      lastOkFingerprint = current;
    }

    updates.push({
      id: monitor.id,
      orgId: monitor.orgId,
      state: next.status,
      stateSince: (next.status !== monitor.state ? time : (monitor.stateSince ?? time)).toISOString(),
      consecutiveFailures: next.consecutiveFailures,
      stateReasons: next.reasons,
      baseline: next.baseline ?? null,
      lastOkFingerprint,
      lastProbeAt: time.toISOString(),
      lastOutcome: result.outcome.kind,
      lastLatencyMs: Math.round(result.timings.total),
      lastTlsVersion: result.tls?.version ?? null,
      nextProbeAt: new Date(now.getTime() + monitor.intervalSeconds * 1000).toISOString(),
    });
    rollupInput.push({ orgId: monitor.orgId, monitorId: monitor.id, time, failed, totalMs: Math.round(result.timings.total) });

    // One failure is not DOWN yet (greylisting, one-off resets): confirm it soon rather than a whole interval later.
    const retryQueued = failed && next.status !== "DOWN";
    if (retryQueued)
      retries.push({ orgId: monitor.orgId, monitorId: monitor.id, due: new Date(now.getTime() + PROBE_RETRY_DELAY_SECONDS * 1000) });
    out.push({ recorded: true, resultId: id, state: next.status, retryQueued, events: events.length - eventsBefore });
  }

  if (updates.length > 0) await tx.$executeRawUnsafe(MONITOR_UPDATE_SQL, JSON.stringify(updates));
  if (results.length > 0) await tx.probeResult.createMany({ data: results });
  if (events.length > 0) await tx.monitorEvent.createMany({ data: events });
  const rollups = rollupRows(rollupInput);
  if (rollups.length > 0) {
    await tx.$executeRawUnsafe(
      ROLLUP_SQL,
      rollups.map((r) => r.orgId),
      rollups.map((r) => r.monitorId),
      rollups.map((r) => r.hour.toISOString()),
      rollups.map((r) => r.probes),
      rollups.map((r) => r.ok),
      rollups.map((r) => r.latencySumMs),
      rollups.map((r) => r.latencyMinMs),
      rollups.map((r) => r.latencyMaxMs),
    );
  }
  for (const r of retries) {
    await sendJob(
      "probes.run",
      { orgId: r.orgId, monitorId: r.monitorId, slot: r.due.toISOString() },
      { tx, startAfterSeconds: PROBE_RETRY_DELAY_SECONDS },
    );
  }
  return out;
}
