/**
 * The bulk writes of an evaluation batch. Most rules change only their memory each minute, and an open
 * incident that is still firing only gets its latest value and evidence: written one statement per rule
 * and incident, those were most of a sweep's time. Here each kind is one UPDATE … FROM unnest(…) per chunk
 * for the whole batch: in the transaction that writes the batch's incident changes (evaluate-apply.ts), or
 * in one of their own when there is none (the steady minute).
 */
import { type Db, type Tx } from "@inboxwatch/db";
import { type InTx, type SystemContext } from "@inboxwatch/services";

import { type Evidence, type TAlertSeverity } from "../engine/index.ts";

/** Rows written per statement: bounded so one statement's parameters stay small. */
const BULK_WRITE_CHUNK = 2_000;

export interface QuietState {
  id: string;
  orgId: string;
  state: unknown;
}

export interface QuietIncidentUpdate {
  id: string;
  orgId: string;
  severity: TAlertSeverity;
  value: number | null;
  evidence: Evidence;
}

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BULK_WRITE_CHUNK) out.push(rows.slice(i, i + BULK_WRITE_CHUNK));
  return out;
}

/** One statement writing a chunk of rule states (and lastEvaluatedAt), matched on id and orgId. */
function ruleStatesChunk(q: Db | Tx, c: readonly QuietState[], at: Date) {
  const ids = c.map((r) => r.id);
  const orgIds = c.map((r) => r.orgId);
  const json = c.map((r) => JSON.stringify(r.state));
  return q.$executeRaw`
    update "AlertRule" r set state = u.state, "lastEvaluatedAt" = ${at}
      from unnest(${ids}::text[], ${orgIds}::text[], ${json}::jsonb[]) as u(id, "orgId", state)
     where r.id = u.id and r."orgId" = u."orgId"`;
}

/** One statement refreshing a chunk of still-firing incidents (not resolved meanwhile). */
function incidentUpdatesChunk(q: Db | Tx, c: readonly QuietIncidentUpdate[], at: Date) {
  const ids = c.map((u) => u.id);
  const orgIds = c.map((u) => u.orgId);
  const severities = c.map((u) => u.severity);
  const values = c.map((u) => u.value);
  const evidence = c.map((u) => JSON.stringify(u.evidence));
  return q.$executeRaw`
    update "Incident" i set severity = u.severity::"AlertSeverity", "lastValue" = u.value, evidence = u.evidence, "updatedAt" = ${at}
      from unnest(${ids}::text[], ${orgIds}::text[], ${severities}::text[], ${values}::float8[], ${evidence}::jsonb[]) as u(id, "orgId", severity, value, evidence)
     where i.id = u.id and i."orgId" = u."orgId" and i.status <> 'resolved'`;
}

/**
 * The statements writing rule states (and lastEvaluatedAt) and still-firing incidents' value and evidence.
 * The rule's updatedAt stays: it dates the definition, not the evaluator's memory. Every row is matched on
 * its orgId too. Prisma's raw statements are lazy: nothing runs until they are awaited or batched.
 */
function quietStatements(q: Db | Tx, states: readonly QuietState[], updates: readonly QuietIncidentUpdate[], at: Date) {
  return [...chunks(states).map((c) => ruleStatesChunk(q, c, at)), ...chunks(updates).map((c) => incidentUpdatesChunk(q, c, at))];
}

/** The rule states and still-firing incidents of a batch, written at `at`. */
export interface QuietChanges {
  states: readonly QuietState[];
  updates: readonly QuietIncidentUpdate[];
  at: Date;
}

/** The quiet writes alone, in one transaction of their own (a batch with no incident change). */
export async function writeQuietChanges(ctx: SystemContext, input: QuietChanges): Promise<void> {
  const { states, updates, at } = input;
  if (states.length === 0 && updates.length === 0) return;
  await ctx.db.$transaction(quietStatements(ctx.db, states, updates, at));
}

/** The quiet writes inside the caller's transaction (the batch's incident changes commit with them). */
export async function writeQuietChangesIn(ctx: InTx<SystemContext>, input: QuietChanges): Promise<void> {
  for (const statement of quietStatements(ctx.db, input.states, input.updates, input.at)) await statement;
}
