import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { LimitExceededError } from "../errors.ts";
import { changePassword, getSessionUser, signUp, verifyCredentials } from "./auth.ts";
import { consumeMagicLink, requestMagicLink } from "./magic-link.ts";
import { SIGN_IN_MAX_FAILURES } from "./sign-in-limit.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

describe("email + password", () => {
  it("normalises the email, refuses duplicates and short passwords", async () => {
    const u = await signUp(t.db, { email: "  Mixed@Case.TEST ", password: "correct horse battery" });
    expect(u.email).toBe("mixed@case.test");
    await expect(signUp(t.db, { email: "mixed@case.test", password: "correct horse battery" })).rejects.toThrow("already exists");
    await expect(signUp(t.db, { email: "short@case.test", password: "short" })).rejects.toThrow();
  });

  it("rate-limits failed sign-ins per email with a clear error", async () => {
    await signUp(t.db, { email: "target@case.test", password: "correct horse battery" });
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      await expect(verifyCredentials(t.db, { email: "target@case.test", password: "wrong", ip: "198.51.100.1" })).rejects.toThrow("Wrong email or password");
    }
    const err = await verifyCredentials(t.db, { email: "target@case.test", password: "correct horse battery", ip: "198.51.100.1" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LimitExceededError);
    expect((err as Error).message).toMatch(/Too many failed sign-in attempts. Try again in \d+ minutes/);
  });

  it("changing the password revokes existing sessions", async () => {
    const u = await signUp(t.db, { email: "rotate@case.test", password: "correct horse battery" });
    expect(await getSessionUser(t.db, u.id, u.sessionVersion)).not.toBeNull();
    await changePassword(t.db, u.id, { currentPassword: "correct horse battery", newPassword: "another long password" });
    expect(await getSessionUser(t.db, u.id, u.sessionVersion)).toBeNull();
    await expect(verifyCredentials(t.db, { email: "rotate@case.test", password: "another long password", ip: null })).resolves.toMatchObject({ email: "rotate@case.test" });
  });
});

describe("magic links", () => {
  it("sign in once, creating the account on first use", async () => {
    await requestMagicLink(t.db, { email: "link@case.test", ip: null });
    const jobs = await t.db.$queryRawUnsafe<{ data: { to: string; text: string } }[]>(`select data from pgboss.job where name = 'mail.send'`);
    const mail = jobs.find((j) => j.data.to === "link@case.test")!;
    const token = decodeURIComponent(/token=([^\s]+)/.exec(mail.data.text)![1]!);
    const user = await consumeMagicLink(t.db, token);
    expect(user.email).toBe("link@case.test");
    await expect(consumeMagicLink(t.db, token)).rejects.toThrow("invalid, expired or already used");
  });
});
