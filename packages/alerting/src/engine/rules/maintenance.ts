/**
 * Maintenance windows: a planned period during which a scope is muted (no incident opened, nothing
 * notified). A window on the organization mutes every scope of it.
 */
import { type TAlertScope, scopeKey } from "./rule-schema.ts";

export interface MaintenanceWindow {
  id: string;
  scope: TAlertScope;
  /** Epoch ms, inclusive. */
  startsAt: number;
  /** Epoch ms, exclusive. */
  endsAt: number;
}

/**
 * The window muting `scope` at `now`, if any. Callers that know the hierarchy (a port belongs to a
 * server, an IP to a pool) pass the enclosing scopes too, so a window on the server mutes its ports.
 */
export function findActiveMaintenance(
  scope: TAlertScope,
  windows: readonly MaintenanceWindow[],
  now: number,
  enclosing: readonly TAlertScope[] = [],
): MaintenanceWindow | null {
  const keys = new Set([scopeKey(scope), ...enclosing.map(scopeKey)]);
  for (const w of windows) {
    if (now < w.startsAt || now >= w.endsAt) continue;
    if (w.scope.type === "organization" || keys.has(scopeKey(w.scope))) return w;
  }
  return null;
}
