// `inboxwatch kpi` against the real REST handler on loopback (the CLI may not import the API, so the
// test wires them together here): the figures the CLI prints are the ones the API computed.
import http from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { testRestRoutes } from "@inboxwatch/api/rest/testing";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { createApiKey } from "@inboxwatch/services/apikey";

import { main } from "../apps/cli/src/main.ts";
import { captureIo } from "../apps/cli/src/testing.ts";

let t: TestDatabase;
let server: http.Server;
let url: string;
let key: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const org = await t.db.organization.create({ data: { name: "K", slug: "cli-kpi" } });
  const row = { orgId: org.id, senderDomain: "k.test", serverId: "" };
  const rows = [
    { ...row, provider: "google", status: "sent", category: "delivered", count: 970 },
    { ...row, provider: "google", status: "deferred", category: "throttled", count: 30 },
    { ...row, provider: "yahoo", status: "sent", category: "delivered", count: 20 },
  ];
  // Ingestion writes both granularities; the store reads whole days from the daily ones.
  await t.db.deliveryRollup.createMany({ data: rows.map((r) => ({ ...r, hour: new Date("2026-11-03T10:00:00Z") })) });
  await t.db.deliveryRollupDay.createMany({ data: rows.map((r) => ({ ...r, day: new Date("2026-11-03T00:00:00Z") })) });
  key = (
    await createApiKey({ db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } }, { name: "cli", scopes: ["analytics.read"] })
  ).key;
  const routes = testRestRoutes(t.db);
  server = http.createServer((req, res) => {
    const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { headers: { authorization: req.headers.authorization ?? "" } });
    void routes.getAnalyticsOverview(request, { params: Promise.resolve({}) }).then(async (reply) => {
      res.writeHead(reply.status, { "content-type": "application/json" }).end(await reply.text());
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await t?.drop();
});

const period = ["--from", "2026-11-02T00:00:00Z", "--to", "2026-11-09T00:00:00Z"];

describe("inboxwatch kpi", () => {
  it("prints every KPI and the breakdown the API computed, with 'not enough mail' where it applies", async () => {
    const io = captureIo({ INBOXWATCH_API_KEY: key, INBOXWATCH_API_URL: url });
    expect(await main(["kpi", ...period], io)).toBe(0);
    // 990 accepted of 1,020 attempts.
    expect(io.stdout).toMatch(/Accepted\s+97\.06 %/);
    expect(io.stdout).toMatch(/DMARC pass\s+no data/);
    expect(io.stdout).toMatch(/Yahoo \/ AOL\s+20\s+not enough mail \(20\/100\)/);
  });

  it("prints the API's refusal and exits 1 for a wrong key", async () => {
    const io = captureIo({ INBOXWATCH_API_KEY: "iw_wrong", INBOXWATCH_API_URL: url });
    expect(await main(["kpi", ...period], io)).toBe(1);
    expect(io.stderr).toMatch(/^401: /);
  });

  it("refuses half a custom range before calling anyone", async () => {
    const io = captureIo({ INBOXWATCH_API_KEY: key, INBOXWATCH_API_URL: url });
    expect(await main(["kpi", "--from", "2026-11-02T00:00:00Z"], io)).toBe(2);
    expect(io.stderr).toContain("--from and --to go together");
  });
});
