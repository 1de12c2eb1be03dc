import { describe, expect, it } from "vitest";

import { bucketLabel, bucketRange, clickedBucket, eventsPath } from "./drill-down";

describe("drill-down to events", () => {
  it("carries the range and every filter, and names the unmapped server", () => {
    const path = eventsPath({
      from: "2026-11-03T10:00:00.000Z",
      to: "2026-11-03T11:00:00.000Z",
      provider: "gmail",
      senderDomain: "news.acme.example",
      serverId: "",
      campaign: "black-friday",
      status: "deferred",
      code: "421",
    });
    const [base, hash] = path.split("#");
    expect(hash).toBe("event-log");
    const q = new URLSearchParams(base?.split("?")[1]);
    expect(Object.fromEntries(q)).toEqual({
      from: "2026-11-03T10:00:00.000Z",
      to: "2026-11-03T11:00:00.000Z",
      provider: "gmail",
      domain: "news.acme.example",
      server: "none",
      campaign: "black-friday",
      status: "deferred",
      code: "421",
    });
    expect(eventsPath({ from: "a", to: "b" })).toBe("deliverability?from=a&to=b#event-log");
  });

  it("turns a bucket into its range, never wider than the view", () => {
    const view = { from: "2026-11-03T10:30:00.000Z", to: "2026-11-05T12:00:00.000Z" };
    expect(bucketRange("2026-11-03T10:00:00.000Z", "hour", view)).toEqual({ from: view.from, to: "2026-11-03T11:00:00.000Z" });
    expect(bucketRange("2026-11-04T00:00:00.000Z", "day", view)).toEqual({
      from: "2026-11-04T00:00:00.000Z",
      to: "2026-11-05T00:00:00.000Z",
    });
    expect(bucketRange("2026-11-05T00:00:00.000Z", "day", view).to).toBe(view.to);
  });

  it("labels hours with their UTC time and days by date", () => {
    expect(bucketLabel("2026-11-03T10:00:00.000Z", "hour")).toBe("Nov 3, 10:00 UTC");
    expect(bucketLabel("2026-11-03T00:00:00.000Z", "day")).toBe("Nov 3");
  });
});

describe("clicked bucket", () => {
  const ats = ["2026-11-03T00:00:00.000Z", "2026-11-04T00:00:00.000Z"];
  it("takes the label when recharts gives it, else the index", () => {
    expect(clickedBucket({ activeLabel: ats[1] }, ats)).toBe(ats[1]);
    expect(clickedBucket({ activeLabel: undefined, activeIndex: "0" }, ats)).toBe(ats[0]);
    expect(clickedBucket({ activeIndex: 1 }, ats)).toBe(ats[1]);
  });
  it("is nothing for a click beside the points", () => {
    expect(clickedBucket({}, ats)).toBeNull();
    expect(clickedBucket({ activeIndex: 7 }, ats)).toBeNull();
    expect(clickedBucket({ activeIndex: "" }, ats)).toBeNull();
  });
});
