import http from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { main } from "../../main.ts";
import { captureIo } from "../../testing.ts";

// A loopback HTTP server answering as GET /api/v1/analytics/cohorts does (its reply schema: ZCohortsResponse).
let server: http.Server;
let url: string;
const seen: string[] = [];
const cell = (recipients: number, value: number, low: number, high: number) => ({
  recipients,
  rate: { state: "ok", value, volume: recipients },
  interval: { low, high },
  value: {},
});

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url ?? "");
    const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.url?.includes("grouping=signup-month")) return json(200, { state: "not-computed", metric: { label: "Conversion rate" } });
    json(200, {
      state: "ready",
      metric: { label: "Conversion rate", volumeNoun: "recipients" },
      computedAt: "2026-12-07T21:30:00.000Z",
      rows: [
        { label: "organic × Gmail", total: cell(411, 0.112, 0.085, 0.146) },
        {
          label: "facebook-ads × Gmail",
          total: { recipients: 40, rate: { state: "not-enough", volume: 40, minVolume: 100 }, interval: null, value: {} },
        },
      ],
      all: { total: cell(4000, 0.061, 0.054, 0.069) },
      hiddenCohorts: 3,
      best: { label: "organic × Gmail", rate: 0.112, interval: { low: 0.085, high: 0.146 }, volume: 411, recipients: 411 },
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("inboxwatch kpi cohorts", () => {
  it("prints the best cohort and each cohort's rate with its interval, n and 'not enough' below the minimum", async () => {
    const io = captureIo({ INBOXWATCH_API_KEY: "iw_k", INBOXWATCH_API_URL: url });
    expect(await main(["kpi", "cohorts"], io)).toBe(0);
    expect(seen.at(-1)).toBe("/api/v1/analytics/cohorts?grouping=source-provider&columns=weeks-since-signup&metric=conversion");
    expect(io.stdout).toContain("Best cohort: organic × Gmail, 11.2 % (95 % CI 8.5 %–14.6 %), n = 411");
    expect(io.stdout).toMatch(/organic × Gmail\s+411\s+11\.2 % \(8\.5 %–14\.6 %\)/);
    expect(io.stdout).toMatch(/facebook-ads × Gmail\s+40\s+not enough recipients \(40\/100\)/);
    expect(io.stdout).toContain("3 smaller cohorts are left out");
  });

  it("says when the table is not computed yet, and refuses an unknown metric with usage exit 2", async () => {
    const io = captureIo({ INBOXWATCH_API_KEY: "iw_k", INBOXWATCH_API_URL: url });
    expect(await main(["kpi", "cohorts", "--grouping", "signup-month"], io)).toBe(0);
    expect(io.stdout).toContain("has not been computed yet");
    expect(await main(["kpi", "cohorts", "--metric", "opens"], captureIo({ INBOXWATCH_API_KEY: "iw_k", INBOXWATCH_API_URL: url }))).toBe(2);
  });
});
