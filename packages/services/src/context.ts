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

export function actorId(actor: Actor): string | null {
  return actor.type === "USER" ? actor.userId : actor.type === "API_KEY" ? actor.apiKeyId : null;
}

export type { Db, Tx };
