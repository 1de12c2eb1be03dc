import http from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { main } from "../../main.ts";
import { captureIo } from "../../testing.ts";

let server: http.Server;
let url: string;
const seen: string[] = [];

const experiment = {
  id: "exp1",
  name: "Subject line",
  status: "RUNNING",
  metric: "open",
  startsAt: "2026-11-02T00:00:00.000Z",
  endsAt: null,
  variants: [{ key: "A" }, { key: "B" }],
  result: {
    computedAt: "2026-11-20T08:15:00.000Z",
    durationMs: 42,
    stale: false,
    view: {
      methodStatement: "Sequential test (mSPRT, always-valid p): safe to check at any time",
      confidence: 0.95,
      variants: [
        { key: "A", label: "A", control: true, trials: 400, successes: 80, rate: 0.2, interval: { low: 0.1637, high: 0.242 }, revenue: [] },
        {
          key: "B",
          label: "B",
          control: false,
          trials: 400,
          successes: 140,
          rate: 0.35,
          interval: { low: 0.3049, high: 0.398 },
          revenue: [{ currency: "EUR", value: 120.5 }],
        },
      ],
      comparisons: [{ variant: "B", difference: 0.15, interval: { low: 0.0884, high: 0.2101 }, pValue: 0.0102, significant: true }],
      sampleSize: { neededPerVariant: 25583, reachedPerVariant: 400 },
      verdict: { kind: "winner", sentence: "Variant B wins: +15.0 pts open rate (95 % CI +8.8 to +21.0), p = 0.010." },
    },
  },
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url ?? "");
    const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.url === "/api/v1/analytics/experiments")
      return json(200, { items: [{ ...experiment, result: { ...experiment.result, verdict: experiment.result.view.verdict } }] });
    if (req.url === "/api/v1/analytics/experiments/exp1") return json(200, experiment);
    json(404, { error: { code: "NOT_FOUND", message: "Experiment not found" } });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("inboxwatch kpi experiments", () => {
  it("lists the experiments with their verdicts", async () => {
    const io = captureIo({ INBOXWATCH_API_KEY: "iw_k", INBOXWATCH_API_URL: url });
    expect(await main(["kpi", "experiments"], io)).toBe(0);
    expect(seen.at(-1)).toBe("/api/v1/analytics/experiments");
    expect(io.stdout).toContain("exp1  Subject line  running  open    A vs B    winner   2026-11-20 08:15 UTC");
  });

  it("shows one experiment: verdict sentence, test, each variant with its interval and the difference", async () => {
    const io = captureIo({ INBOXWATCH_API_KEY: "iw_k", INBOXWATCH_API_URL: url });
    expect(await main(["kpi", "experiment", "exp1"], io)).toBe(0);
    expect(io.stdout).toContain("Variant B wins: +15.0 pts open rate (95 % CI +8.8 to +21.0), p = 0.010.");
    expect(io.stdout).toContain("Sequential test (mSPRT, always-valid p): safe to check at any time.");
    expect(io.stdout).toMatch(/B\s+400\s+140\s+35\.0 %\s+30\.5 % – 39\.8 %\s+\+15\.0 pts \(\+8\.8 pts to \+21\.0 pts\)\s+0\.010 \*/);
    expect(io.stdout).toContain("Sample size: 400 per variant of 25,583 planned.");
    expect(io.stdout).toContain("B: 120.50 EUR");
  });

  it("exits 1 with the server's message for an unknown id, and 2 without one", async () => {
    const io = captureIo({ INBOXWATCH_API_KEY: "iw_k", INBOXWATCH_API_URL: url });
    expect(await main(["kpi", "experiment", "nope"], io)).toBe(1);
    expect(io.stderr).toContain("404: Experiment not found");
    expect(await main(["kpi", "experiment"], captureIo({ INBOXWATCH_API_KEY: "iw_k", INBOXWATCH_API_URL: url }))).toBe(2);
  });
});
