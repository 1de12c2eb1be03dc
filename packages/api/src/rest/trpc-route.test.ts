import { describe, expect, it } from "vitest";

import { trpcMetricsRoute } from "./trpc-route.ts";

describe("tRPC metrics route", () => {
  it("names a known procedure by its path, a batch as one value, anything else as unknown", () => {
    expect(trpcMetricsRoute("http://x/api/trpc/auth.invitation.describe?input=%7B%7D")).toBe("trpc:auth.invitation.describe");
    expect(trpcMetricsRoute("http://x/api/trpc/auth.invitation.describe,auth.invitation.accept?batch=1")).toBe("trpc:batch");
    // The path comes from the client: made-up names and bad escapes never become label values.
    expect(trpcMetricsRoute("http://x/api/trpc/made.up.path")).toBe("trpc:unknown");
    expect(trpcMetricsRoute("http://x/api/trpc/%E0%A4%A")).toBe("trpc:unknown");
    expect(trpcMetricsRoute("http://x/api/trpc/")).toBe("trpc:unknown");
  });
});
