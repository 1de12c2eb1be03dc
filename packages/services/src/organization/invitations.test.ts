import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext, systemContext } from "../context.ts";
import { createVerifiedUser, type SessionUser } from "../user/auth.ts";
import { acceptInvitation, createInvitation, describeInvitation } from "./invitations.ts";
import { listMembers, removeMember } from "./members.ts";
import { createOrganization, getMembershipBySlug } from "./organization.ts";

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let owner: SessionUser;
let ctx: OrgContext;
const tokenOf = (url: string) => url.split("/invite/")[1]!;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  owner = await createVerifiedUser(sys(), { email: "owner@inv.test", password: "correct horse battery" });
  const org = await createOrganization(sys(), { owner, name: "Invites", slug: "invites" });
  ctx = { db: t.db, orgId: org.id, role: "OWNER", actor: { type: "USER", userId: owner.id, label: owner.email } };
});
afterAll(async () => t?.drop());

describe("invitations", () => {
  it("are accepted once, by the invited address, and give the invited role", async () => {
    const inv = await createInvitation(ctx, { email: "Viewer@Inv.test", role: "VIEWER" });
    expect(inv.email).toBe("viewer@inv.test");
    const viewer = await createVerifiedUser(sys(), { email: "viewer@inv.test", password: "correct horse battery" });
    const stranger = await createVerifiedUser(sys(), { email: "stranger@inv.test", password: "correct horse battery" });

    await expect(acceptInvitation(sys(), { user: stranger, token: tokenOf(inv.url) })).rejects.toThrow(
      "This invitation is for viewer@inv.test",
    );
    await expect(acceptInvitation(sys(), { user: viewer, token: tokenOf(inv.url) })).resolves.toEqual({ orgSlug: "invites" });
    await expect(acceptInvitation(sys(), { user: viewer, token: tokenOf(inv.url) })).rejects.toThrow("already been used");
    expect((await getMembershipBySlug(sys(), { userId: viewer.id, slug: "invites" })).role).toBe("VIEWER");
    expect((await describeInvitation(sys(), { token: tokenOf(inv.url) })).state).toBe("used");
  });

  it("refuse an expired link with a clear message", async () => {
    const inv = await createInvitation(ctx, { email: "late@inv.test", role: "OPS" });
    await t.db.invitation.update({ where: { id: inv.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await createVerifiedUser(sys(), { email: "late@inv.test", password: "correct horse battery" });
    await expect(acceptInvitation(sys(), { user: late, token: tokenOf(inv.url) })).rejects.toThrow("expired");
    expect((await describeInvitation(sys(), { token: tokenOf(inv.url) })).state).toBe("expired");
  });

  it("queue their email in the same transaction as the invitation row", async () => {
    await createInvitation(ctx, { email: "mailed@inv.test", role: "VIEWER" });
    const jobs = await t.db.$queryRawUnsafe<{ data: { to: string } }[]>(`select data from pgboss.job where name = 'mail.send'`);
    expect(jobs.map((j) => j.data.to)).toContain("mailed@inv.test");
  });

  it("cannot invite above the inviter's own role", async () => {
    const opsCtx: OrgContext = { ...ctx, role: "OPS" };
    await expect(createInvitation(opsCtx, { email: "boss@inv.test", role: "ADMIN" })).rejects.toThrow("above your own");
  });
});

describe("removing a member", () => {
  it("ends their access and revokes their sessions immediately", async () => {
    const member = await createVerifiedUser(sys(), { email: "leaving@inv.test", password: "correct horse battery" });
    await t.db.membership.create({ data: { orgId: ctx.orgId, userId: member.id, role: "OPS" } });
    const m = (await listMembers(ctx)).find((x) => x.user.email === "leaving@inv.test")!;
    const before = Date.now();
    await removeMember(ctx, { membershipId: m.id });
    await expect(getMembershipBySlug(sys(), { userId: member.id, slug: "invites" })).rejects.toThrow("not found");
    const user = await t.db.user.findUniqueOrThrow({ where: { id: member.id } });
    expect(user.sessionVersion).toBe(member.sessionVersion + 1);
    expect(Date.now() - before).toBeLessThan(1000);
    const audit = await t.db.auditLog.findFirst({ where: { orgId: ctx.orgId, action: "member.remove" } });
    expect(audit?.metadata).toMatchObject({ email: "leaving@inv.test" });
  });
});
