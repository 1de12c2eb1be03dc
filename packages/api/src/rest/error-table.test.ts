/**
 * One error table: every service error code has one HTTP status and one tRPC code (SERVICE_ERRORS), no
 * two codes share a status (too often, too big and too many stay apart), and the three ways a request
 * reaches a verb — REST by API key, the upload by session, tRPC — answer a code with the same status.
 */
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { SERVICE_ERRORS, ServiceError, type ServiceErrorCode } from "@inboxwatch/services";
import { createApiKey } from "@inboxwatch/services/apikey";
import { type SessionUser } from "@inboxwatch/services/user";

import { createTestWorld, type TestWorld } from "../testing.ts";
import { createCallerFactory, createTRPCRouter, publicProcedure } from "../trpc.ts";
import { errorResponse } from "./error-response.ts";
import { restHandler, sessionHandler } from "./handler.ts";
import { REST_ENDPOINTS } from "./openapi.ts";

const CODES = Object.keys(SERVICE_ERRORS) as ServiceErrorCode[];

let world: TestWorld;
let owner: SessionUser;
let slug: string;
let key: string;

beforeAll(async () => {
  world = await createTestWorld();
  owner = await world.user("owner@errors.test");
  const org = await world.org(owner, "errors-a");
  slug = org.slug;
  key = (
    await createApiKey({ db: world.t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } }, { name: "k", scopes: ["org.read"] })
  ).key;
});
afterAll(async () => world?.t.drop());

/** The tRPC error a procedure failing with `code` ends in, called the way the pages call every procedure. */
async function trpcError(code: ServiceErrorCode): Promise<TRPCError> {
  const router = createTRPCRouter({
    fail: publicProcedure.query(() => {
      throw new ServiceError("nope", code);
    }),
  });
  const caller = createCallerFactory(router)({ db: world.t.db, user: null, orgSlug: null, ip: null });
  const err: unknown = await caller.fail().catch((e: unknown) => e);
  if (!(err instanceof TRPCError)) throw new Error(`expected a TRPCError for ${code}`);
  return err;
}

describe("SERVICE_ERRORS", () => {
  it("gives every code its own HTTP status", () => {
    const statuses = CODES.map((c) => SERVICE_ERRORS[c].http);
    expect(new Set(statuses).size).toBe(CODES.length);
    expect(SERVICE_ERRORS.LIMIT_EXCEEDED.http).toBe(422);
    expect(SERVICE_ERRORS.TOO_LARGE.http).toBe(413);
    expect(SERVICE_ERRORS.RATE_LIMITED.http).toBe(429);
  });

  it("REST, the upload and tRPC answer every code with the table's status", async () => {
    const deps = { db: () => world.t.db, currentUser: () => Promise.resolve(owner), clientIp: () => null };
    for (const code of CODES) {
      const expected = SERVICE_ERRORS[code];
      const thrown = () => Promise.reject(new ServiceError(`failed with ${code}`, code));

      const rest = await restHandler(
        deps,
        REST_ENDPOINTS.getOrganization,
        thrown,
      )(new Request("http://127.0.0.1/api/v1/organization", { headers: { authorization: `Bearer ${key}` } }), {
        params: Promise.resolve({}),
      });
      const upload = await sessionHandler(
        deps,
        "reports.write",
        thrown,
      )(new Request("http://127.0.0.1/api/upload/reports", { method: "POST", headers: { "x-org-slug": slug } }), {
        params: Promise.resolve({}),
      });
      const trpc = await trpcError(code);

      expect({ code, rest: rest.status, upload: upload.status, direct: errorResponse(new ServiceError("x", code)).status }).toEqual({
        code,
        rest: expected.http,
        upload: expected.http,
        direct: expected.http,
      });
      expect(await rest.json()).toEqual({ error: { code, message: `failed with ${code}` } });
      expect({ code, trpc: trpc.code, http: getHTTPStatusCodeFromError(trpc) }).toEqual({ code, trpc: expected.trpc, http: expected.http });
    }
  });
});
