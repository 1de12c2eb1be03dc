/**
 * The writes of one evaluation batch in ONE transaction: the rules' new states and still-firing incidents'
 * values (evaluate-writes.ts), then the incident changes (opens, resolves, and updates that notify or add to
 * the timeline): all new incidents, the resolves and updates, their timeline rows, and their notifications
 * with the delivery jobs (notify.ts) — one multi-row statement per kind, so a first sweep opening hundreds
 * of incidents costs the same dozen statements as one opening a single incident.
 *
 * Guarantees, as when each change committed alone:
 * - an incident and its timeline, notifications and jobs commit together or not at all;
 * - at most one not-resolved incident per (org, rule, scope key): the insert skips rows that hit the
 *   partial unique index ("Incident_one_open_per_rule_scope"), so a concurrent evaluation that opened the
 *   same incident first wins and ours writes nothing for it (no second timeline row or notification);
 * - a resolve or update only touches an incident still not resolved (RETURNING tells which did), so an
 *   incident resolved by hand meanwhile is not resolved or notified twice.
 * If the batch's transaction fails, the quiet writes and then each change are retried in transactions of
 * their own, so one bad change cannot hold back the others; its error is thrown after the rest are written.
 */
import { type Db, type Prisma, type Tx } from "@inboxwatch/db";

import { type IncidentAction, type OpenIncident, type RuleEvaluation, type TAlertRule, type TAlertScope } from "../alerts/index.ts";
import { type QuietIncidentUpdate, type QuietState, writeQuietChanges, writeQuietChangesIn } from "./evaluate-writes.ts";
import { type IncidentEventToNotify, queueNotificationsOfEvents } from "./notify.ts";

const SYSTEM_ACTOR_LABEL = "alert evaluator";
/** ZAlertNotification's title limit: an incident title is also its notifications' title. */
const NOTIFICATION_TITLE_MAX_CHARS = 300;
/** Transactions at once when a failed batch is retried one change at a time: few enough for the pool. */
const APPLY_PARALLEL = 4;
/**
 * A batch's transaction holds at most a dozen statements, each over the whole batch; under load on a
 * shared box it can outlast Prisma's default 5 s, which would roll back a transaction about to commit.
 */
const APPLY_TRANSACTION_TIMEOUT_MS = 60_000;

/** One incident change of a rule: for the rule's scope, or for one subject of a per-subject rule. */
export interface PlannedAction {
  /** The incident's scope key and scope (the subject's, for per-subject rules). */
  key: string;
  scope: TAlertScope;
  /** Names the subject in the title ("SMTP port down — mx1.example.com port 25"); null for whole-scope rules. */
  subjectLabel: string | null;
  evaluation: RuleEvaluation;
  action: Exclude<IncidentAction, { type: "none" }>;
  current: OpenIncident | null;
}

export interface IncidentChange extends PlannedAction {
  orgId: string;
  orgSlug: string;
  rule: TAlertRule;
  /** The rule's whole stored state after this evaluation (the same for every change of one rule). */
  nextState: unknown;
  now: number;
}

export interface AppliedChanges {
  opened: number;
  updated: number;
  resolved: number;
  notifications: number;
}

function scopeLabel(scope: TAlertScope): string {
  return scope.type === "organization" ? "Organization" : `${scope.type} ${scope.id}`;
}

/** "SMTP port down — mx1.example.com port 25"; rule names hold 200 characters, a notification title 300. */
function titleOf(c: IncidentChange): string {
  return (c.subjectLabel ? `${c.rule.name} — ${c.subjectLabel}` : c.rule.name).slice(0, NOTIFICATION_TITLE_MAX_CHARS);
}

function toNotify(c: IncidentChange, incidentId: string, event: IncidentEventToNotify["event"], severity: IncidentEventToNotify["severity"]): IncidentEventToNotify {
  const title = titleOf(c);
  return {
    orgId: c.orgId,
    orgSlug: c.orgSlug,
    incidentId,
    event,
    // Notifications are titled like the incident: "SMTP port down — mx1.example.com port 25" says which port.
    rule: { id: c.rule.id, name: title, channelIds: c.rule.channelIds, ...(c.rule.runbookUrl ? { runbookUrl: c.rule.runbookUrl } : {}) },
    severity,
    scope: c.scope,
    scopeLabel: c.subjectLabel ?? scopeLabel(c.scope),
    value: c.action.value,
    evidence: c.action.evidence,
    occurredAt: c.now,
  };
}

export interface EvaluationWrites {
  /** Incident changes that notify or add to the timeline. */
  changes: readonly IncidentChange[];
  /** New states of the rules with no such change, and still-firing incidents' value and evidence. */
  quietStates: readonly QuietState[];
  quietUpdates: readonly QuietIncidentUpdate[];
  at: Date;
}

/** The states of the rules of these changes: one per rule (all changes of a rule carry the same). */
function statesOf(changes: readonly IncidentChange[]): QuietState[] {
  return [...new Map(changes.map((c) => [c.rule.id, { id: c.rule.id, orgId: c.orgId, state: c.nextState }])).values()];
}

const inTransaction = { timeout: APPLY_TRANSACTION_TIMEOUT_MS };

/** Writes a batch's evaluation in one transaction; on failure, piece by piece (see the file comment). */
export async function writeEvaluation(db: Db, w: EvaluationWrites): Promise<AppliedChanges> {
  const none: AppliedChanges = { opened: 0, updated: 0, resolved: 0, notifications: 0 };
  if (w.changes.length === 0) {
    await writeQuietChanges(db, w.quietStates, w.quietUpdates, w.at);
    return none;
  }
  try {
    return await db.$transaction(async (tx) => {
      await writeQuietChangesIn(tx, [...w.quietStates, ...statesOf(w.changes)], w.quietUpdates, w.at);
      return writeChanges(tx, w.changes);
    }, inTransaction);
  } catch {
    // Retried below piece by piece; a change that fails again throws its own error.
  }
  await writeQuietChanges(db, w.quietStates, w.quietUpdates, w.at);
  const total = { ...none };
  const errors: unknown[] = [];
  for (let i = 0; i < w.changes.length; i += APPLY_PARALLEL) {
    const alone = w.changes.slice(i, i + APPLY_PARALLEL).map((c) =>
      db.$transaction(async (tx) => {
        await writeQuietChangesIn(tx, statesOf([c]), [], w.at);
        return writeChanges(tx, [c]);
      }, inTransaction),
    );
    for (const s of await Promise.allSettled(alone)) {
      if (s.status === "rejected") {
        errors.push(s.reason);
        continue;
      }
      for (const k of ["opened", "updated", "resolved", "notifications"] as const) total[k] += s.value[k];
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} of ${w.changes.length} incident changes failed`);
  return total;
}

type Timeline = Prisma.IncidentEventCreateManyInput;

async function writeChanges(tx: Tx, changes: readonly IncidentChange[]): Promise<AppliedChanges> {
  const first = changes[0];
  if (!first) return { opened: 0, updated: 0, resolved: 0, notifications: 0 };
  // One evaluation batch shares its instant.
  const at = new Date(first.now);
  const actor = { actorLabel: SYSTEM_ACTOR_LABEL, at };

  const opens = changes.filter((c) => c.action.type === "open");
  const resolves = changes.filter((c): c is IncidentChange & { current: OpenIncident } => c.action.type === "resolve" && c.current !== null);
  const updates = changes.filter((c): c is IncidentChange & { current: OpenIncident } => c.action.type === "update" && c.current !== null);
  const timeline: Timeline[] = [];
  const notify: IncidentEventToNotify[] = [];

  let opened = 0;
  if (opens.length > 0) {
    // ON CONFLICT DO NOTHING: an incident another evaluation opened first is skipped, and gets nothing below.
    const created = await tx.incident.createManyAndReturn({
      data: opens.map((c) => ({
        orgId: c.orgId,
        ruleId: c.rule.id,
        scopeKey: c.key,
        scopeType: c.scope.type,
        scopeId: c.scope.type === "organization" ? null : c.scope.id,
        severity: c.action.type === "open" ? c.action.severity : c.rule.severity,
        title: titleOf(c),
        flapping: c.action.type === "open" && c.action.flapping,
        openedAt: at,
        lastValue: c.action.value,
        evidence: c.action.evidence as unknown as Prisma.InputJsonObject,
      })),
      skipDuplicates: true,
      select: { id: true, ruleId: true, scopeKey: true, severity: true },
    });
    const byKey = new Map(created.map((i) => [`${i.ruleId ?? ""}|${i.scopeKey}`, i]));
    for (const c of opens) {
      const incident = byKey.get(`${c.rule.id}|${c.key}`);
      if (!incident) continue;
      opened++;
      timeline.push({ orgId: c.orgId, incidentId: incident.id, type: "fired", body: c.action.evidence.summary, ...actor });
      notify.push(toNotify(c, incident.id, "incident.opened", incident.severity));
    }
  }

  let resolved = 0;
  if (resolves.length > 0) {
    const done = new Set(
      (
        await tx.$queryRaw<{ id: string }[]>`
          update "Incident" i set status = 'resolved', "resolvedAt" = ${at}, "lastValue" = u.value, evidence = u.evidence, "updatedAt" = ${at}
            from unnest(${resolves.map((c) => c.current.id)}::text[], ${resolves.map((c) => c.orgId)}::text[], ${resolves.map((c) => c.action.value)}::float8[],
                        ${resolves.map((c) => JSON.stringify(c.action.evidence))}::jsonb[]) as u(id, "orgId", value, evidence)
           where i.id = u.id and i."orgId" = u."orgId" and i.status <> 'resolved'
          returning i.id`
      ).map((r) => r.id),
    );
    for (const c of resolves) {
      if (!done.has(c.current.id)) continue;
      resolved++;
      timeline.push({ orgId: c.orgId, incidentId: c.current.id, type: "resolved", body: c.action.evidence.summary, ...actor });
      if (c.action.notify) notify.push(toNotify(c, c.current.id, "incident.resolved", c.current.severity));
    }
  }

  let updated = 0;
  if (updates.length > 0) {
    const severities = updates.map((c) => (c.action.type === "update" ? c.action.severity : c.current.severity));
    const done = new Set(
      (
        await tx.$queryRaw<{ id: string }[]>`
          update "Incident" i set severity = u.severity::"AlertSeverity", "lastValue" = u.value, evidence = u.evidence, flapping = i.flapping or u.flapping, "updatedAt" = ${at}
            from unnest(${updates.map((c) => c.current.id)}::text[], ${updates.map((c) => c.orgId)}::text[], ${severities}::text[], ${updates.map((c) => c.action.value)}::float8[],
                        ${updates.map((c) => JSON.stringify(c.action.evidence))}::jsonb[], ${updates.map((c) => c.action.type === "update" && c.action.reason === "flapping")}::bool[])
                 as u(id, "orgId", severity, value, evidence, flapping)
           where i.id = u.id and i."orgId" = u."orgId" and i.status <> 'resolved'
          returning i.id`
      ).map((r) => r.id),
    );
    updates.forEach((c, n) => {
      if (c.action.type !== "update" || !done.has(c.current.id)) return;
      updated++;
      // "still firing" every minute would drown the timeline: only changes that mean something are logged.
      if (c.action.reason === "escalated" || (c.action.reason === "flapping" && c.evaluation.flapping)) {
        timeline.push({ orgId: c.orgId, incidentId: c.current.id, type: "updated", body: `${c.action.reason}: ${c.action.evidence.summary}`, ...actor });
      }
      if (c.action.notify) notify.push(toNotify(c, c.current.id, "incident.updated", severities[n] ?? c.current.severity));
    });
  }

  if (timeline.length > 0) await tx.incidentEvent.createMany({ data: timeline });
  const ids = await queueNotificationsOfEvents(tx, notify);
  return { opened, updated, resolved, notifications: ids.reduce((n, list) => n + list.length, 0) };
}
