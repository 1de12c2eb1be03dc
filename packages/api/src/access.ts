/**
 * The one access ladder every caller climbs: who (a session or an API key) → organization → role →
 * permission → scope, ending in the OrgContext a service verb receives. tRPC (trpc.ts), the REST routes,
 * the report upload and the intake routes (rest/) all call these functions, so a rung cannot be skipped or
 * checked differently in one place. A failed rung throws a typed ServiceError (UNAUTHORIZED, VALIDATION,
 * NOT_FOUND, FORBIDDEN, RATE_LIMITED); each caller maps it through the one table (SERVICE_ERRORS).
 * The worker (which may not import this package) acts as the system through services' `systemContext`
 * and `forOrg`, the same builders.
 */
import {
  accountContext,
  type Actor,
  can,
  type Db,
  ForbiddenError,
  type OrgContext,
  RateLimitedError,
  systemContext,
  type TApiKeyScope,
  type TPermission,
  type TRole,
  UnauthorizedError,
  ValidationError,
} from "@inboxwatch/services";
import { authenticateApiKey, takeRateLimit } from "@inboxwatch/services/apikey";
import { getMembershipBySlug } from "@inboxwatch/services/organization";
import { type SessionUser } from "@inboxwatch/services/user";

import { apiAccessEnv } from "./env.ts";

/** The organization a session acts in, as the pages show it. */
export interface OrgInfo {
  id: string;
  slug: string;
  name: string;
  role: TRole;
}

/** The one OrgContext builder of the ladder: `orgId` comes from a verified membership or API key, never from client input. */
function orgContext(db: Db, orgId: string, actor: Actor, role?: TRole): OrgContext {
  return role ? { db, orgId, actor, role } : { db, orgId, actor };
}

/** Rung 1 for a browser: a valid session. */
export function requireSession(user: SessionUser | null): SessionUser {
  if (!user) throw new UnauthorizedError("Sign in to continue");
  return user;
}

/**
 * Session → organization (membership by slug, read on every call so a removed member loses access with
 * their next request; another organization's slug is NOT_FOUND) → role → permission.
 */
export async function accessForSession(
  db: Db,
  user: SessionUser | null,
  orgSlug: string | null,
  permission: TPermission,
): Promise<{ ctx: OrgContext; org: OrgInfo }> {
  const member = requireSession(user);
  if (!orgSlug) throw new ValidationError("No organization selected");
  const m = await getMembershipBySlug(accountContext(db, member), { userId: member.id, slug: orgSlug });
  if (!can(m.role, permission)) throw new ForbiddenError("Your role does not allow this");
  const actor: Actor = { type: "USER", userId: member.id, label: member.email };
  return { ctx: orgContext(db, m.orgId, actor, m.role), org: { id: m.orgId, slug: m.slug, name: m.orgName, role: m.role } };
}

/** The key of an `Authorization: Bearer …` header; null when absent or of another scheme. */
function bearerToken(authorization: string | null): string | null {
  const header = authorization ?? "";
  return header.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : null;
}

/**
 * API key → organization (the key's own) → rate limit per key → scope. An API key has no role: its
 * scopes are its permissions. Errors never echo the presented key.
 */
export async function accessForApiKey(
  db: Db,
  authorization: string | null,
  scope: TApiKeyScope,
  limits: { ratePerMinute?: number } = {},
): Promise<{ ctx: OrgContext; apiKeyId: string }> {
  // No organization is known before the key is read: the lookup runs as the system.
  const principal = await authenticateApiKey(systemContext(db, "api key"), { presented: bearerToken(authorization) });
  const limit = takeRateLimit(principal.apiKeyId, limits.ratePerMinute ?? apiAccessEnv().API_RATE_LIMIT_PER_MINUTE);
  if (!limit.ok) throw new RateLimitedError("Too many requests for this API key", limit.retryAfterSeconds);
  if (!principal.scopes.includes(scope)) throw new ForbiddenError(`This API key lacks the scope "${scope}"`);
  return { ctx: orgContext(db, principal.orgId, principal.actor), apiKeyId: principal.apiKeyId };
}
