import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { RateLimitedError, UnverifiedEmailError } from "../errors.ts";
import { openMail } from "../mail/sealed-mail.ts";
import { createOrganization } from "../organization/organization.ts";
import { changePassword, createVerifiedUser, findOrCreateOAuthUser, signUp, verifyCredentials } from "./auth.ts";
import { LINK_MAX_PER_ADDRESS, LINK_MAX_PER_CLIENT } from "./link-limit.ts";
import { confirmEmailWithPassword, consumeMagicLink, requestMagicLink } from "./magic-link.ts";
import { getSessionUser, openSession, revokeAllSessions, revokeSession } from "./sessions.ts";
import { SIGN_IN_MAX_FAILURES } from "./sign-in-limit.ts";
import { systemContext } from "../context.ts";

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

/** The mails queued to `to`, opened (they are sealed in the job table), newest last. */
async function mailsTo(to: string): Promise<{ subject: string; text: string }[]> {
  const jobs = await t.db.$queryRaw<
    { data: { to: string; sealed: string } }[]
  >`select data from pgboss.job where name = 'mail.send' and data->>'to' = ${to} order by created_on, id`;
  return jobs.map((j) => openMail(j.data.to, j.data.sealed));
}

/** The token of the newest link of `path` ("/magic" or "/verify") mailed to `to`. */
async function latestToken(to: string, path: "/magic" | "/verify"): Promise<string> {
  const mail = (await mailsTo(to)).filter((m) => m.text.includes(`${path}?token=`)).at(-1);
  const token = mail && /token=([^\s&]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no ${path} link mailed to ${to}`);
  return decodeURIComponent(token);
}

async function signedInUser(email: string, password: string) {
  return createVerifiedUser(sys(), { email, password });
}

describe("account pre-hijacking (issue 20, finding 1)", () => {
  it("an attacker's sign-up with the victim's address gets no session and is wiped when the victim signs in by link", async () => {
    const victim = "victim@hijack.test";
    // The attacker signs up with the victim's address and a password of theirs.
    expect(await signUp(sys(), { email: victim, password: "attacker password 1", ip: "203.0.113.66" })).toEqual({ email: victim });
    // The account is unverified: the right password opens no session.
    await expect(verifyCredentials(sys(), { email: victim, password: "attacker password 1", ip: "203.0.113.66" })).rejects.toBeInstanceOf(
      UnverifiedEmailError,
    );

    // The victim later signs in by link, creates an organization.
    await requestMagicLink(sys(), { email: victim, ip: "198.51.100.7" });
    const user = await consumeMagicLink(sys(), { token: await latestToken(victim, "/magic") });
    const org = await createOrganization(sys(), { owner: user, name: "Victim Co", slug: "victim-co" });
    expect(org.slug).toBe("victim-co");

    // The attacker's password no longer works, and any session of the unverified account was revoked.
    await expect(verifyCredentials(sys(), { email: victim, password: "attacker password 1", ip: "203.0.113.66" })).rejects.toThrow(
      "Wrong email or password",
    );
    const row = await t.db.user.findUniqueOrThrow({ where: { email: victim } });
    expect(row.passwordHash).toBeNull();
    expect(row.emailVerified).not.toBeNull();
    expect(row.sessionVersion).toBe(1);
  });

  it("a session opened on an account that is later found unverified does not survive the owner's link", async () => {
    const email = "stale@hijack.test";
    await signUp(sys(), { email, password: "attacker password 2" });
    const before = await t.db.user.findUniqueOrThrow({ where: { email } });
    // A session of the unverified account (as a pre-fix JWT would have been) is worthless already…
    const sid = await openSession(sys(), { userId: before.id, method: "password" });
    expect(await getSessionUser(sys(), { userId: before.id, sessionVersion: before.sessionVersion, sessionId: sid })).toBeNull();
    await requestMagicLink(sys(), { email, ip: null });
    await consumeMagicLink(sys(), { token: await latestToken(email, "/magic") });
    // …and stays dead after verification: the version moved and the row was revoked.
    expect(await getSessionUser(sys(), { userId: before.id, sessionVersion: before.sessionVersion, sessionId: sid })).toBeNull();
    expect((await t.db.userSession.findUniqueOrThrow({ where: { id: sid } })).revokedAt).not.toBeNull();
  });

  it("the confirmation link keeps the password only for whoever knows it; without it the password is removed", async () => {
    await signUp(sys(), { email: "owner@confirm.test", password: "my own password" });
    const token = await latestToken("owner@confirm.test", "/verify");
    await expect(confirmEmailWithPassword(sys(), { token, password: "a wrong guess!", ip: null })).rejects.toThrow("Wrong password");
    // A wrong password did not use the link up.
    const user = await confirmEmailWithPassword(sys(), { token, password: "my own password", ip: null });
    expect(user.email).toBe("owner@confirm.test");
    await expect(verifyCredentials(sys(), { email: "owner@confirm.test", password: "my own password", ip: null })).resolves.toMatchObject({
      id: user.id,
    });
    await expect(confirmEmailWithPassword(sys(), { token, password: "my own password", ip: null })).rejects.toThrow(
      "invalid, expired or already used",
    );

    await signUp(sys(), { email: "someone@confirm.test", password: "set by an attacker" });
    const other = await consumeMagicLink(sys(), { token: await latestToken("someone@confirm.test", "/verify") });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: other.id } })).passwordHash).toBeNull();
  });

  it("an unverified account cannot create an organization or accept an invitation", async () => {
    await signUp(sys(), { email: "unverified@own.test", password: "correct horse battery" });
    const row = await t.db.user.findUniqueOrThrow({ where: { email: "unverified@own.test" } });
    await expect(
      createOrganization(sys(), { owner: { id: row.id, email: row.email }, name: "Nope", slug: "nope-unverified" }),
    ).rejects.toThrow(/confirm your address/i);
  });

  it("OAuth links only through a provider-verified address, and wipes an unverified account's password", async () => {
    await expect(findOrCreateOAuthUser(sys(), { email: "oauth@hijack.test", emailVerified: false })).rejects.toThrow("not verified");
    await signUp(sys(), { email: "oauth@hijack.test", password: "attacker password 3" });
    const user = await findOrCreateOAuthUser(sys(), { email: "oauth@hijack.test", emailVerified: true });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toBeNull();
    expect(row.emailVerified).not.toBeNull();
  });
});

describe("sign-up answers the same for new and existing addresses (finding 9)", () => {
  it("an existing address gets the same answer, and its owner a mail with a sign-in link", async () => {
    await signedInUser("taken@neutral.test", "correct horse battery");
    const fresh = await signUp(sys(), { email: "fresh@neutral.test", password: "correct horse battery" });
    const taken = await signUp(sys(), { email: "taken@neutral.test", password: "another password!" });
    expect(Object.keys(fresh)).toEqual(Object.keys(taken));
    const [mail] = await mailsTo("taken@neutral.test");
    expect(mail?.subject).toMatch(/tried to create an Inboxwatch account/);
    expect(mail?.text).toContain("/magic?token=");
    // The existing account is unchanged.
    await expect(
      verifyCredentials(sys(), { email: "taken@neutral.test", password: "correct horse battery", ip: null }),
    ).resolves.toBeTruthy();
  });
});

describe("password sign-in", () => {
  it("normalises the email and refuses short passwords", async () => {
    expect(await signUp(sys(), { email: "  Mixed@Case.TEST ", password: "correct horse battery" })).toEqual({ email: "mixed@case.test" });
    await expect(signUp(sys(), { email: "short@case.test", password: "short" })).rejects.toThrow();
  });

  it("rate-limits failed sign-ins per email with a clear error", async () => {
    await signedInUser("target@case.test", "correct horse battery");
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      await expect(verifyCredentials(sys(), { email: "target@case.test", password: "wrong", ip: "198.51.100.1" })).rejects.toThrow(
        "Wrong email or password",
      );
    }
    const err = await verifyCredentials(sys(), { email: "target@case.test", password: "correct horse battery", ip: "198.51.100.1" }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as Error).message).toMatch(/Too many failed sign-in attempts. Try again in \d+ minutes/);
  });

  it("a password lockout does not block the emailed link (finding 3)", async () => {
    const owner = await signedInUser("locked@case.test", "correct horse battery");
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      await verifyCredentials(sys(), { email: "locked@case.test", password: "wrong", ip: "198.51.100.2" }).catch(() => undefined);
    }
    await expect(
      verifyCredentials(sys(), { email: "locked@case.test", password: "correct horse battery", ip: "198.51.100.2" }),
    ).rejects.toBeInstanceOf(RateLimitedError);
    await requestMagicLink(sys(), { email: "locked@case.test", ip: "198.51.100.2" });
    expect((await consumeMagicLink(sys(), { token: await latestToken("locked@case.test", "/magic") })).id).toBe(owner.id);
  });

  it("changing the password revokes existing sessions", async () => {
    const u = await signedInUser("rotate@case.test", "correct horse battery");
    const sid = await openSession(sys(), { userId: u.id, method: "password" });
    expect(await getSessionUser(sys(), { userId: u.id, sessionVersion: u.sessionVersion, sessionId: sid })).not.toBeNull();
    await changePassword(sys(), { userId: u.id, currentPassword: "correct horse battery", newPassword: "another long password" });
    expect(await getSessionUser(sys(), { userId: u.id, sessionVersion: u.sessionVersion, sessionId: sid })).toBeNull();
    await expect(
      verifyCredentials(sys(), { email: "rotate@case.test", password: "another long password", ip: null }),
    ).resolves.toMatchObject({ email: "rotate@case.test" });
  });
});

describe("sign-in links", () => {
  it("sign in once, creating the account on first use", async () => {
    await requestMagicLink(sys(), { email: "link@case.test", ip: null });
    const token = await latestToken("link@case.test", "/magic");
    const user = await consumeMagicLink(sys(), { token });
    expect(user.email).toBe("link@case.test");
    await expect(consumeMagicLink(sys(), { token })).rejects.toThrow("invalid, expired or already used");
  });

  it("are limited per address and per client, with the same answer when over the limit (finding 4)", async () => {
    for (let i = 0; i < 15; i++)
      await expect(requestMagicLink(sys(), { email: "bombed@limit.test", ip: `198.51.100.${100 + i}` })).resolves.toBeUndefined();
    expect(await mailsTo("bombed@limit.test")).toHaveLength(LINK_MAX_PER_ADDRESS);

    for (let i = 0; i < LINK_MAX_PER_CLIENT + 5; i++)
      await expect(requestMagicLink(sys(), { email: `many${i}@limit.test`, ip: "203.0.113.99" })).resolves.toBeUndefined();
    expect(await t.db.magicLinkToken.count({ where: { requestIp: "203.0.113.99" } })).toBe(LINK_MAX_PER_CLIENT);
  });
});

describe("sessions (finding 5)", () => {
  it("signing out revokes that session only; signing out everywhere revokes all", async () => {
    const u = await signedInUser("sessions@case.test", "correct horse battery");
    const laptop = await openSession(sys(), { userId: u.id, method: "password" });
    const phone = await openSession(sys(), { userId: u.id, method: "magic-link" });
    await revokeSession(sys(), { userId: u.id, sessionId: laptop });
    expect(await getSessionUser(sys(), { userId: u.id, sessionVersion: u.sessionVersion, sessionId: laptop })).toBeNull();
    expect(await getSessionUser(sys(), { userId: u.id, sessionVersion: u.sessionVersion, sessionId: phone })).not.toBeNull();

    // Another user cannot revoke it by guessing its id.
    const other = await signedInUser("other@case.test", "correct horse battery");
    await revokeSession(sys(), { userId: other.id, sessionId: phone });
    expect(await getSessionUser(sys(), { userId: u.id, sessionVersion: u.sessionVersion, sessionId: phone })).not.toBeNull();

    await revokeAllSessions(sys(), { userId: u.id });
    expect(await getSessionUser(sys(), { userId: u.id, sessionVersion: u.sessionVersion, sessionId: phone })).toBeNull();
    expect(await getSessionUser(sys(), { userId: u.id, sessionVersion: u.sessionVersion + 1, sessionId: phone })).toBeNull();
  });
});
