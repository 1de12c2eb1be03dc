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

/** A signed-in user acting on their own account before any organization is chosen (memberships, sessions, password). */
export function accountContext(db: Db, user: { id: string; email: string }): SystemContext {
  return { db, actor: { type: "USER", userId: user.id, label: user.email } };
}

/** A system flow that has learnt which organization it works for (e.g. from the row of a job): same actor, one org. */
export function forOrg<C extends { db: Db | Tx; actor: Actor }>(ctx: C, orgId: string): C & { orgId: string } {
  return { ...ctx, orgId };
}

/*
 * The one signature of a database-wired function in services is `(ctx, input)`:
 * - `ctx` is an OrgContext when one organization acts, a SystemContext when none does; `input` is one object
 *   (optional clocks such as `now` travel in it), or absent when there is nothing to say.
 * - A function that runs inside its caller's transaction takes the same context with `db` narrowed to the
 *   transaction client, `InTx<OrgContext>` or `InTx<SystemContext>`, built by the caller with `inTx(ctx, tx)`.
 *   A Db is also a Tx, so a plain context fits where the caller opened no transaction.
 * - A helper that writes no audit entry may ask for less than a whole context, e.g.
 *   `Pick<InTx<OrgContext>, "db" | "orgId">`: a verb passes its own context, a seed or a test `{ db: tx, orgId }`.
 */
export type InTx<C extends { db: Db | Tx }> = Omit<C, "db"> & { db: Tx };

/** `ctx` with its `db` replaced by the open transaction `tx`, for functions typed `InTx<…>`. */
export function inTx<C extends { db: Db | Tx }>(ctx: C, tx: Tx): InTx<C> {
  return { ...ctx, db: tx };
}

export function actorId(actor: Actor): string | null {
  return actor.type === "USER" ? actor.userId : actor.type === "API_KEY" ? actor.apiKeyId : null;
}

export type { Db, Tx };
