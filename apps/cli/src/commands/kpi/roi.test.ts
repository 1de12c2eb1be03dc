import http from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { main } from "../../main.ts";
import { captureIo } from "../../testing.ts";

// A loopback HTTP server answering as GET /api/v1/analytics/roi does (its reply schema: ZRoiResponse).
let server: http.Server;
let url: string;
const seen: string[] = [];
const figure = (label: string, value: number | null, unit: string) => ({
  label,
  value,
  unit,
  formula: `${label} formula`,
  inputs: [{ label: "Value per delivered message", value: 0.35, unit: "EUR" }],
});

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url ?? "");
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        period: { from: "2026-11-07T22:00:00.000Z", to: "2026-12-07T22:00:00.000Z" },
        baseline: { from: "2026-10-08T22:00:00.000Z", to: "2026-11-07T22:00:00.000Z" },
        currency: "EUR",
        figures: { incrementalAccepted: figure("Incremental accepted messages", -1520, "messages"), total: figure("Total", -532, "EUR") },
        cycles: [
          {
            incident: { id: "i1", title: "Microsoft deferrals at 58 % — 192.0.2.11 listed", openedAt: "2026-11-14T11:00:00.000Z" },
            recoveredAt: "2026-11-16T13:00:00.000Z",
            durationHours: 50,
            lostMessages: 2210,
            cost: figure("Cost", 1173.5, "EUR"),
          },
        ],
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("inboxwatch kpi roi", () => {
  it("prints the figures and each incident's recovery with its cost, and the formulas on request", async () => {
    const io = captureIo({ INBOXWATCH_API_KEY: "iw_k", INBOXWATCH_API_URL: url });
    expect(await main(["kpi", "roi", "--from", "2026-11-07T22:00:00Z", "--to", "2026-12-07T22:00:00Z", "--formulas"], io)).toBe(0);
    expect(seen.at(-1)).toBe("/api/v1/analytics/roi?from=2026-11-07T22%3A00%3A00Z&to=2026-12-07T22%3A00%3A00Z");
    expect(io.stdout).toContain("Incremental accepted messages: -1,520 messages");
    expect(io.stdout).toContain(
      "2026-11-14 11:00 Microsoft deferrals at 58 % — 192.0.2.11 listed: recovered in 50.0 h, 2,210 messages lost",
    );
    expect(io.stdout).toContain("cost: 1,174 EUR");
    expect(io.stdout).toContain("= Cost formula");
    expect(io.stdout).toContain("Value per delivered message: 0.35 EUR");
  });

  it("refuses half a period with usage exit 2", async () => {
    expect(
      await main(["kpi", "roi", "--from", "2026-11-07T22:00:00Z"], captureIo({ INBOXWATCH_API_KEY: "iw_k", INBOXWATCH_API_URL: url })),
    ).toBe(2);
  });
});
