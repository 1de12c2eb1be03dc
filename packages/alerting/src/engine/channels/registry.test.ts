import { afterEach, describe, expect, it } from "vitest";

import { CHANNEL_KINDS, type ChannelDeps } from "./channel.ts";
import { platformHttpTransport } from "../../notifications/platform-transport.ts";
import { buildIncidentNotification, buildTestNotification, NOTIFICATION_MAX_EVIDENCE_LINES, ZAlertNotification } from "./notification.ts";
import { CHANNEL_REGISTRY, getChannel } from "./registry.ts";
import { type HttpReceiver, SAMPLE_NOW, startHttpReceiver } from "./testing.ts";

const receivers: HttpReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const deps: ChannelDeps = { http: platformHttpTransport(), now: () => SAMPLE_NOW, timeoutMs: 5_000 };

describe("channel registry", () => {
  it("registers one plug-in per kind", () => {
    expect(Object.keys(CHANNEL_REGISTRY).sort()).toEqual([...CHANNEL_KINDS].sort());
    for (const kind of CHANNEL_KINDS) expect(getChannel(kind).kind).toBe(kind);
  });

  it("sends a test notification through a stored config", async () => {
    const r = await startHttpReceiver(() => ({ status: 200, body: "ok" }));
    receivers.push(r);
    const n = buildTestNotification({
      id: "ntf_test_1",
      orgId: "org_1",
      url: "https://app.inboxwatch.example/settings/channels",
      now: SAMPLE_NOW,
    });
    expect(ZAlertNotification.safeParse(n).success).toBe(true);
    expect(await getChannel("slack").deliver({ url: r.url }, n, deps)).toMatchObject({ outcome: "delivered" });
    expect(r.requests[0]!.body).toContain("Inboxwatch test notification");
  });

  it("turns an invalid stored config into a permanent failure without sending", async () => {
    const n = buildTestNotification({ id: "x", orgId: "o", url: "https://app.inboxwatch.example/", now: SAMPLE_NOW });
    expect(await getChannel("webhook").deliver({ url: "https://example.com", secrets: ["nope"] }, n, deps)).toMatchObject({
      outcome: "permanent",
      reason: "invalid_config",
    });
  });

  it("builds an incident notification with bounded evidence lines", () => {
    const points = Array.from({ length: 50 }, (_, i) => ({ at: SAMPLE_NOW - i * 60_000, value: 9, volume: 100 })).reverse();
    const n = buildIncidentNotification({
      id: "ntf_1",
      event: "incident.opened",
      orgId: "org_1",
      incidentId: "inc_1",
      rule: { id: "rule_1", name: "Bounce rate above 5%", runbookUrl: "https://wiki.example/rb" },
      severity: "warning",
      scope: { scope: { type: "domain", id: "example.com" }, label: "example.com" },
      value: 9,
      evidence: { summary: "Bounce rate 9% > 5%", value: 9, threshold: 5, volume: 5000, window: { from: 0, to: 1 }, points, events: [] },
      url: "https://app.inboxwatch.example/incidents/inc_1",
      occurredAt: SAMPLE_NOW,
    });
    expect(ZAlertNotification.parse(n).evidence).toHaveLength(NOTIFICATION_MAX_EVIDENCE_LINES);
    expect(n.evidence[0]).toBe("Bounce rate 9% > 5%");
    expect(n.runbookUrl).toBe("https://wiki.example/rb");
  });
});
