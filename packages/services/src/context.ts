import { type Db, type Tx } from "@inboxwatch/db";

import { type TRole } from "./permissions.ts";

/** Who is acting: recorded in the audit log with every write. */
export type Actor =
  | { type: "USER"; userId: string; label: string }
  | { type: "API_KEY"; apiKeyId: string; label: string }
  | { type: "SYSTEM"; label: string };

/**
 * What every tenant-scoped verb receives. `orgId` comes from a verified membership or API key, never
 * from client input; every query a verb makes filters by it.
 */
export interface OrgContext {
  db: Db;
  orgId: string;
  actor: Actor;
  /** The acting member's role (absent for API keys and system jobs). */
  role?: TRole;
}

/**
 * What a verb receives when no single organization is acting: sign-in before a session exists, the
 * worker's sweeps across organizations, partition and retention maintenance. A verb that touches tenant
 * rows with a SystemContext must take the organization from its input and filter by it like any other.
 */
export interface SystemContext {
  db: Db;
  actor: Actor;
}

/** The context of a system job or pre-session flow, labelled for the audit log (e.g. "alert sweep"). */
export function systemContext(db: Db, label: string): SystemContext {
  return { db, actor: { type: "SYSTEM", label } };
}

export function actorId(actor: Actor): string | null {
  return actor.type === "USER" ? actor.userId : actor.type === "API_KEY" ? actor.apiKeyId : null;
}

export type { Db, Tx };
