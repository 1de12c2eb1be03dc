/**
 * Turns one rule evaluation into at most one change to that rule's incident for its scope. The caller
 * keys incidents by (rule id, scope key) and applies the action inside the transaction that stores the
 * rule state, so a rule firing again while its incident is open can only ever update it.
 */
import type { Evidence } from "./conditions.ts";
import type { RuleEvaluation } from "./evaluate-rule.ts";
import { type MaintenanceWindow, findActiveMaintenance } from "./maintenance.ts";
import { SEVERITY_RANK, type TAlertScope, type TAlertSeverity } from "./rule-schema.ts";

/** The fields of a stored open incident the reducer needs. */
export interface OpenIncident {
  id: string;
  ruleId: string;
  /** Acknowledged incidents are still open: they update and resolve, but updates notify nobody. */
  status: "open" | "acknowledged";
  severity: TAlertSeverity;
  openedAt: number;
}

export type IncidentUpdateReason = "still_firing" | "escalated" | "flapping" | "maintenance";
export type IncidentQuietReason = "clear" | "pending" | "maintenance";

export type IncidentAction =
  | { type: "open"; notify: true; severity: TAlertSeverity; flapping: boolean; value: number | null; evidence: Evidence }
  | { type: "update"; notify: boolean; reason: IncidentUpdateReason; severity: TAlertSeverity; value: number | null; evidence: Evidence }
  | { type: "resolve"; notify: boolean; reason: "cleared" | "cleared_in_maintenance"; value: number | null; evidence: Evidence }
  | { type: "none"; reason: IncidentQuietReason; maintenanceId?: string };

/**
 * - no incident, firing → open (unless flapping or in maintenance);
 * - open incident, firing → update (notify only when the severity rose);
 * - open incident, cleared for the for-duration → resolve;
 * - flapping → hold: the open incident is only updated, never resolved; with none open, one opens
 *   (marked flapping) when the condition holds;
 * - maintenance → nothing opens and nothing notifies; an open incident is still updated or resolved.
 * `enclosing` lists scopes containing the rule's scope (the server of a port), for maintenance matching.
 */
export function reduceIncident(
  open: OpenIncident | null,
  evaluation: RuleEvaluation,
  now: number,
  maintenanceWindows: readonly MaintenanceWindow[],
  enclosing: readonly TAlertScope[] = [],
): IncidentAction {
  const { firing, flapping, severity, value, evidence } = evaluation;
  const muted = findActiveMaintenance(evaluation.scope, maintenanceWindows, now, enclosing);

  if (open === null) {
    // A flapping condition opens one incident as soon as it holds (the for-duration would never be met),
    // which then stays open until the flapping stops: one incident, not one per flap.
    const holds = firing || (flapping && evaluation.status === "met");
    if (!holds) return { type: "none", reason: evaluation.status === "met" ? "pending" : "clear" };
    if (muted) return { type: "none", reason: "maintenance", maintenanceId: muted.id };
    return { type: "open", notify: true, severity, flapping, value, evidence };
  }

  if (flapping) return { type: "update", notify: false, reason: "flapping", severity: open.severity, value, evidence };
  if (!firing) return { type: "resolve", notify: muted === null, reason: muted ? "cleared_in_maintenance" : "cleared", value, evidence };
  if (muted) return { type: "update", notify: false, reason: "maintenance", severity: open.severity, value, evidence };
  if (SEVERITY_RANK[severity] > SEVERITY_RANK[open.severity]) {
    return { type: "update", notify: true, reason: "escalated", severity, value, evidence };
  }
  return { type: "update", notify: false, reason: "still_firing", severity: open.severity, value, evidence };
}
