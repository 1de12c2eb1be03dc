import { describe, expect, it } from "vitest";

import { metrics, statusClass, timeHttp } from "./registry.ts";
import { metricsEndpoint, scrapeAccess } from "./scrape.ts";

const TOKEN = "a-token-of-at-least-16-chars";

describe("scrape access", () => {
  it("is disabled (404) while no token is configured, whatever the request sends", async () => {
    expect(scrapeAccess(`Bearer ${TOKEN}`, undefined)).toBe("disabled");
    expect(scrapeAccess(null, "")).toBe("disabled");
    const res = await metricsEndpoint({ token: () => undefined })(new Request("http://x/metrics"));
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("");
  });

  it("refuses a missing, malformed, wrong or prefix-only token (401)", () => {
    for (const header of [null, "", "Bearer", "Bearer ", `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, TOKEN]) {
      expect(scrapeAccess(header, TOKEN)).toBe("unauthorized");
    }
  });

  it("allows the exact token (the scheme's case does not matter, RFC 7235 §2.1)", async () => {
    expect(scrapeAccess(`Bearer ${TOKEN}`, TOKEN)).toBe("allowed");
    expect(scrapeAccess(`bearer ${TOKEN}`, TOKEN)).toBe("allowed");
    const res = await metricsEndpoint({ token: () => TOKEN })(
      new Request("http://x/metrics", { headers: { authorization: `Bearer ${TOKEN}` } }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("# TYPE inboxwatch_http_request_duration_seconds histogram");
  });
});

describe("HTTP timing", () => {
  it("observes the route template and status class, a thrown handler as 5xx", async () => {
    const route = "/api/v1/test-only/{id}";
    await timeHttp("GET", route, async () => new Response(null, { status: 204 }));
    await expect(timeHttp("GET", route, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const { values } = await metrics().httpRequestDuration.get();
    const count = (status_class: string) =>
      values.find((v) => v.metricName?.endsWith("_count") && v.labels.route === route && v.labels.status_class === status_class)?.value;
    expect(count("2xx")).toBe(1);
    expect(count("5xx")).toBe(1);
    expect(statusClass(404)).toBe("4xx");
  });
});
