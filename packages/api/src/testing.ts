/** Test helpers for routers: a test database with users, organizations and a caller per user. */
import { TRPCError } from "@trpc/server";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { seedPresetRules } from "@inboxwatch/alerting";
import { type TRole, systemContext } from "@inboxwatch/services";
import { createOrganization } from "@inboxwatch/services/organization";
import { createVerifiedUser, type SessionUser } from "@inboxwatch/services/user";

import { createCaller } from "./root.ts";

export interface TestWorld {
  t: TestDatabase;
  user(email: string): Promise<SessionUser>;
  org(owner: SessionUser, slug: string): Promise<{ id: string; slug: string }>;
  addMember(orgId: string, user: SessionUser, role: TRole): Promise<string>;
  caller(user: SessionUser | null, orgSlug?: string | null): ReturnType<typeof createCaller>;
}

export async function createTestWorld(): Promise<TestWorld> {
  const t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  return {
    t,
    user: (email) => createVerifiedUser(systemContext(t.db, "test"), { email, password: "correct horse battery" }),
    org: (owner, slug) => createOrganization(systemContext(t.db, "test"), { owner, name: `Org ${slug}`, slug }, { seed: seedPresetRules }),
    async addMember(orgId, user, role) {
      const m = await t.db.membership.create({ data: { orgId, userId: user.id, role } });
      return m.id;
    },
    caller: (user, orgSlug = null) => createCaller({ db: t.db, user, orgSlug, ip: "127.0.0.1" }),
  };
}

/** A call's outcome as its tRPC error code, or "OK": lets a test table many calls against one expectation. */
export async function trpcCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}
