import { describe, expect, it } from "vitest";

import { classTotal, failuresByCategory, outcomesByTime, queueWithLatency, rangeEndingNow, rate, seconds } from "./summary-shapes";

describe("deliverability summary shapes", () => {
  it("folds statuses into sent / deferred / bounced per bucket (expired counts as bounced)", () => {
    const rows = outcomesByTime([
      { hour: "h1", status: "sent", count: 5 },
      { hour: "h1", status: "deferred", count: 2 },
      { hour: "h1", status: "expired", count: 1 },
      { hour: "h2", status: "bounced", count: 3 },
    ]);
    expect(rows).toEqual([
      { hour: "h1", sent: 5, deferred: 2, bounced: 1 },
      { hour: "h2", sent: 0, deferred: 0, bounced: 3 },
    ]);
  });

  it("orders failure categories by their total, largest first", () => {
    const rows = failuresByCategory([
      { category: "policy", status: "bounced", count: 1 },
      { category: "rate", status: "deferred", count: 4 },
      { category: "policy", status: "deferred", count: 1 },
    ]);
    expect(rows.map((r) => r.category)).toEqual(["rate", "policy"]);
    expect(rows[1]).toEqual({ category: "policy", bounced: 1, deferred: 1 });
  });

  it("puts queue depth and latency on one time axis, latency mid-bucket", () => {
    const points = queueWithLatency({
      granularity: "hour",
      snapshots: [{ time: "2026-12-07T10:00:00Z", active: 1, deferred: 2, hold: 0, incoming: 1 }],
      latency: [{ hour: "2026-12-07T09:00:00Z", meanDelaySeconds: 12 }],
    });
    expect(points).toEqual([
      { t: Date.parse("2026-12-07T09:30:00Z"), latency: 12 },
      { t: Date.parse("2026-12-07T10:00:00Z"), queued: 4 },
    ]);
    expect(queueWithLatency(undefined)).toEqual([]);
  });

  it("ends a range on a whole minute (short ranges) or hour, so the query key is stable", () => {
    const now = Date.parse("2026-12-07T10:17:30Z");
    expect(rangeEndingNow("1h", now)).toEqual({ from: "2026-12-07T09:18:00.000Z", to: "2026-12-07T10:18:00.000Z" });
    expect(rangeEndingNow("24h", now)).toEqual({ from: "2026-12-06T11:00:00.000Z", to: "2026-12-07T11:00:00.000Z" });
  });

  it("formats rates, delays and reply-class totals", () => {
    expect(rate(0.1234)).toBe("12.3 %");
    expect(rate(null)).toBe("–");
    expect(seconds(4.2)).toBe("4.2 s");
    expect(seconds(600)).toBe("10 min");
    expect(
      classTotal(
        [
          { class: "4xx", count: 1200 },
          { class: "5xx", count: 3 },
          { class: "4xx", count: 1 },
        ],
        "4xx",
      ),
    ).toBe("1,201");
  });
});
