import { describe, expect, it } from "vitest";

import { assessChannelHealth, CHANNEL_FAILING_AFTER_CONSECUTIVE_FAILURES } from "./channel-health.ts";
import { type RoutableChannel, routeNotification, ZChannelRouting } from "./routing.ts";

const channel = (id: string, routing: Record<string, unknown> = {}): RoutableChannel => ({ id, ...ZChannelRouting.parse(routing) });

describe("routing", () => {
  const channels = [
    channel("pager", { minSeverity: "critical" }),
    channel("slack", { digestSeverities: ["info"] }),
    channel("mail"),
    channel("off", { enabled: false }),
  ];
  const all = ["pager", "slack", "mail", "off", "unknown", "slack"];

  it("sends critical everywhere it is wanted, once per channel", () => {
    expect(routeNotification(all, channels, "critical", "incident.opened")).toEqual({ immediate: ["pager", "slack", "mail"], digest: [] });
  });

  it("skips channels above the severity and collects digest severities", () => {
    expect(routeNotification(all, channels, "info", "incident.opened")).toEqual({ immediate: ["mail"], digest: ["slack"] });
    expect(routeNotification(all, channels, "warning", "incident.resolved")).toEqual({ immediate: ["slack", "mail"], digest: [] });
  });

  it("sends tests immediately to every enabled channel", () => {
    expect(routeNotification(all, channels, "info", "test")).toEqual({ immediate: ["pager", "slack", "mail"], digest: [] });
  });
});

describe("channel health", () => {
  it("flags a channel after consecutive failed notifications, and clears on a delivery", () => {
    const failures = Array.from({ length: CHANNEL_FAILING_AFTER_CONSECUTIVE_FAILURES }, () => ({ outcome: "permanent" as const }));
    expect(assessChannelHealth(failures)).toEqual({ status: "failing", consecutiveFailures: CHANNEL_FAILING_AFTER_CONSECUTIVE_FAILURES });
    expect(assessChannelHealth([...failures, { outcome: "delivered" }]).status).toBe("healthy");
    expect(assessChannelHealth([{ outcome: "delivered" }, ...failures.slice(1)])).toEqual({
      status: "healthy",
      consecutiveFailures: CHANNEL_FAILING_AFTER_CONSECUTIVE_FAILURES - 1,
    });
  });
});
