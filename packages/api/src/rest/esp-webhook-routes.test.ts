/** POST /api/v1/webhooks/esp/{id} through its route handler: 202 stored, 401 with nothing stored, 404 for an unknown id. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { createEspWebhook } from "@inboxwatch/services/ingest";

import { espWebhookRoute } from "./esp-webhook.ts";
import { testHttpDeps } from "./testing.ts";

let t: TestDatabase;
let orgId: string;
let hook: { id: string; password: string };

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  orgId = (await t.db.organization.create({ data: { name: "A", slug: "esp-route-a" } })).id;
  const created = await createEspWebhook(
    { db: t.db, orgId, actor: { type: "SYSTEM", label: "test" } },
    { provider: "postmark", label: "pm" },
  );
  hook = { id: created.webhook.id, password: created.basicPassword ?? "" };
});
afterAll(async () => t?.drop());

async function post(id: string, password: string) {
  const route = espWebhookRoute(testHttpDeps(t.db));
  const body = JSON.stringify({ RecordType: "Open", Recipient: "a@gmail.com", ReceivedAt: new Date().toISOString(), MessageID: "m1" });
  const res = await route(
    new Request(`http://127.0.0.1/api/v1/webhooks/esp/${id}`, {
      method: "POST",
      body,
      headers: { authorization: `Basic ${Buffer.from(`inboxwatch:${password}`).toString("base64")}`, "content-type": "application/json" },
    }),
    { params: Promise.resolve({ id }) },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("ESP webhook route", () => {
  it("answers 401 with the reason and stores nothing for wrong credentials, 202 for the right ones, 404 for an unknown id", async () => {
    expect(await post(hook.id, "wrong")).toEqual({
      status: 401,
      body: { error: { code: "UNAUTHORIZED", message: "HTTP Basic credentials do not match" } },
    });
    expect(await t.db.rawLogBatch.count({ where: { orgId } })).toBe(0);
    expect(await post(hook.id, hook.password)).toEqual({ status: 202, body: { stored: true, duplicate: false } });
    expect(await t.db.rawLogBatch.count({ where: { orgId } })).toBe(1);
    expect((await post("esp_unknown", hook.password)).status).toBe(404);
  });
});
