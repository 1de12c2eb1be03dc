/**
 * No secret — a password, an API key, a stored credential — may appear in logs, error messages or API
 * responses. A canary value goes in through every door; we then look for it in everything that came out.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { systemContext } from "@inboxwatch/services";
import { verifyCredentials } from "@inboxwatch/services/user";

import { createTestWorld, type TestWorld } from "./testing.ts";

const CANARY = "canary-7f3a-secret-value";
let w: TestWorld;
const output: string[] = [];
const restore: (() => void)[] = [];

beforeAll(async () => {
  w = await createTestWorld();
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
      output.push(String(chunk));
      return (original as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    };
    restore.push(() => (stream.write = original));
  }
});
afterAll(async () => {
  restore.forEach((r) => r());
  await w?.t.drop();
});

describe("secrets never leak", () => {
  it("keeps passwords, API keys and stored credentials out of responses, errors, audit rows and logs", async () => {
    const seen: unknown[] = [];
    const owner = await w.user("canary@c.test");
    const org = await w.org(owner, "canary-org");
    const c = w.caller(owner, org.slug);

    // A stored SMTP credential.
    seen.push(await c.servers.create({ hostname: "mx.canary.test", authUsername: "app", authPassword: CANARY }));
    const server = (await c.servers.list())[0]!;
    seen.push(server, await c.servers.byId({ id: server.id }));
    seen.push(await c.servers.update({ id: server.id, authPassword: `${CANARY}-2` }));

    // A password, right and wrong.
    await w.t.db.user.update({ where: { id: owner.id }, data: {} });
    const wrong = await verifyCredentials(systemContext(w.t.db, "test"), { email: "canary@c.test", password: CANARY, ip: null }).catch(
      (e: unknown) => e,
    );
    seen.push((wrong as Error).message);
    // Sign-up of an existing address answers neutrally (and mails the owner): neither may echo the password.
    const signUpAnswer = await w
      .caller(null)
      .auth.signUp({ email: "canary@c.test", password: CANARY })
      .catch((e: unknown) => e);
    seen.push(signUpAnswer instanceof TRPCError ? [signUpAnswer.message, signUpAnswer.cause ?? null] : signUpAnswer);
    seen.push(await w.t.db.$queryRaw`SELECT data FROM pgboss.job WHERE name = 'mail.send'`);

    // An API key: shown once by create, never again.
    const created = await c.apiKeys.create({ name: "canary key", scopes: ["org.read"] });
    seen.push(await c.apiKeys.list());

    const audit = await w.t.db.auditLog.findMany({ where: { orgId: org.id } });
    const everything = JSON.stringify([seen, audit]) + output.join("");
    expect(everything).not.toContain(CANARY);
    expect(everything.replace(JSON.stringify(created), "")).not.toContain(created.key);

    // And at rest: the credential is encrypted, the key hashed.
    const row = await w.t.db.mailServer.findFirstOrThrow({ where: { orgId: org.id } });
    expect(row.authPasswordEnc).not.toContain(CANARY);
    const keyRow = await w.t.db.apiKey.findFirstOrThrow({ where: { orgId: org.id } });
    expect(JSON.stringify(keyRow)).not.toContain(created.key);
  });
});
