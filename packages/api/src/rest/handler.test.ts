/**
 * restHandler's error mapping when the database cannot be reached: a REST call authenticated by API key
 * answers 503 with Retry-After (the client should try again), not a 500 — against a real closed port.
 */
import net from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "@inboxwatch/db";

import { restHandler } from "./handler.ts";
import { REST_ENDPOINTS } from "./openapi.ts";
import { type HttpDeps } from "./http-deps.ts";

let unreachable: Db;

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  unreachable = createDb(`postgresql://inboxwatch:secret@127.0.0.1:${await closedPort()}/inboxwatch`);
});
afterAll(async () => {
  await unreachable.$disconnect();
});

describe("restHandler", () => {
  it("answers 503 with Retry-After, without the key, while the database is unreachable", async () => {
    const deps: HttpDeps = { db: () => unreachable, currentUser: () => Promise.resolve(null), clientIp: () => null };
    const handler = restHandler(deps, REST_ENDPOINTS.getOrganization, () => Promise.resolve({ ok: true }));
    const key = "iw_live_notarealkeybutwellformed0123456789";
    const res = await handler(new Request("http://127.0.0.1/api/v1/test", { headers: { authorization: `Bearer ${key}` } }), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: "UNAVAILABLE" } });
    expect(text).not.toContain(key);
  });
});
