import { afterEach, describe, expect, it } from "vitest";

import type { ChannelDeps } from "./channel.ts";
import { platformHttpTransport } from "../../notifications/platform-transport.ts";
import { pagerDutyChannel } from "./pagerduty.ts";
import { teamsChannel } from "./teams.ts";
import { type HttpReceiver, SAMPLE_NOW, sampleNotification, startHttpReceiver } from "./testing.ts";

const receivers: HttpReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
async function receiver(...args: Parameters<typeof startHttpReceiver>): Promise<HttpReceiver> {
  const r = await startHttpReceiver(...args);
  receivers.push(r);
  return r;
}

const deps = (extra: Partial<ChannelDeps> = {}): ChannelDeps => ({
  http: platformHttpTransport(),
  now: () => SAMPLE_NOW,
  timeoutMs: 5_000,
  ...extra,
});
const ROUTING_KEY = "R0123456789abcdefABCDEF012345678";

describe("Microsoft Teams channel", () => {
  it("posts an Adaptive Card message and accepts 202", async () => {
    const r = await receiver(() => ({ status: 202 }));
    expect(await teamsChannel.send({ url: r.url }, sampleNotification(), deps())).toMatchObject({ outcome: "delivered", status: 202 });
    const message = JSON.parse(r.requests[0]!.body) as {
      type: string;
      attachments: {
        contentType: string;
        content: { type: string; version: string; body: { type: string; text?: string; color?: string }[]; actions: { url: string }[] };
      }[];
    };
    expect(message.type).toBe("message");
    const card = message.attachments[0]!;
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content).toMatchObject({ type: "AdaptiveCard", version: "1.4" });
    expect(card.content.body[0]).toMatchObject({ color: "Attention", text: "Opened · CRITICAL · 5xx replies above 5%" });
    expect(card.content.body.some((b) => b.text?.includes("550 5.7.1"))).toBe(true);
    expect(card.content.actions.map((a) => a.url)).toContain("https://app.inboxwatch.example/incidents/inc_42");
  });

  it("retries after a 500 and a 429", async () => {
    const r = await receiver((_q, i) => (i === 0 ? { status: 500 } : { status: 429, headers: { "retry-after": "5" } }));
    expect(await teamsChannel.send({ url: r.url }, sampleNotification(), deps())).toMatchObject({
      outcome: "retryable",
      reason: "server_error",
    });
    expect(await teamsChannel.send({ url: r.url }, sampleNotification(), deps())).toMatchObject({
      outcome: "retryable",
      retryAfterMs: 5_000,
    });
  });
});

describe("PagerDuty Events v2 channel", () => {
  it("triggers and then resolves with the incident id as dedup key, at the injected endpoint", async () => {
    const r = await receiver(() => ({ status: 202, body: '{"status":"success","message":"Event processed"}' }));
    const d = deps({ pagerDutyEventsUrl: `http://127.0.0.1:${r.port}/v2/enqueue` });
    expect(await pagerDutyChannel.send({ routingKey: ROUTING_KEY }, sampleNotification(), d)).toMatchObject({
      outcome: "delivered",
      status: 202,
    });
    expect(await pagerDutyChannel.send({ routingKey: ROUTING_KEY }, sampleNotification({ event: "incident.resolved" }), d)).toMatchObject({
      outcome: "delivered",
    });
    const [trigger, resolve] = r.requests.map((q) => JSON.parse(q.body) as Record<string, unknown>);
    expect(r.requests[0]!.path).toBe("/v2/enqueue");
    expect(trigger).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: "trigger",
      dedup_key: "inc_42",
      payload: { severity: "critical", source: "Gmail", component: "provider", timestamp: new Date(SAMPLE_NOW).toISOString() },
    });
    expect((trigger!.payload as { summary: string }).summary).toMatch(/^5xx replies above 5%: /);
    expect(resolve).toEqual({ routing_key: ROUTING_KEY, event_action: "resolve", dedup_key: "inc_42" });
  });

  it("treats 400 as permanent and 429/5xx/timeouts as retryable", async () => {
    const r = await receiver(
      (_q, i) => [{ status: 400, body: '{"status":"invalid event"}' }, { status: 429 }, { status: 502 }][i] ?? "hang",
    );
    const d = deps({ pagerDutyEventsUrl: r.url, timeoutMs: 300 });
    const send = () => pagerDutyChannel.send({ routingKey: ROUTING_KEY }, sampleNotification(), d);
    expect(await send()).toMatchObject({ outcome: "permanent", status: 400 });
    expect(await send()).toMatchObject({ outcome: "retryable", reason: "rate_limited" });
    expect(await send()).toMatchObject({ outcome: "retryable", reason: "server_error" });
    expect(await send()).toMatchObject({ outcome: "retryable", reason: "timeout" });
  });

  it("validates the routing key", () => {
    expect(pagerDutyChannel.validateConfig({ routingKey: "short" }).ok).toBe(false);
    expect(pagerDutyChannel.validateConfig({ routingKey: ROUTING_KEY }).ok).toBe(true);
  });
});
