import { afterEach, describe, expect, it } from "vitest";

import type { ChannelDeps } from "./channel.ts";
import { nextRetryDelay } from "./delivery-result.ts";
import { platformHttpTransport } from "../../notifications/platform-transport.ts";
import { slackChannel } from "./slack.ts";
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

const deps = (timeoutMs = 5_000): ChannelDeps => ({ http: platformHttpTransport(), now: () => SAMPLE_NOW, timeoutMs });

interface Block {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { url?: string; text: string | { text: string } }[];
}

describe("Slack channel", () => {
  it("delivers a Block Kit message with severity, summary, evidence and links to a Slack-like receiver", async () => {
    const r = await receiver(() => ({ status: 200, body: "ok" }));
    const result = await slackChannel.send({ url: r.url }, sampleNotification(), deps());
    expect(result).toMatchObject({ outcome: "delivered", status: 200, detail: "200 ok" });
    expect(r.requests[0]!.headers["content-type"]).toBe("application/json");
    const message = JSON.parse(r.requests[0]!.body) as { text: string; blocks: Block[] };
    expect(message.text).toContain("CRITICAL");
    const [header, summary, facts, evidence, , actions] = message.blocks;
    expect(header!.text!.text).toBe("🔴 Opened · CRITICAL · 5xx replies above 5%");
    // mrkdwn control characters in user text are escaped.
    expect(summary!.text!.text).toContain("&lt;gmail&gt; &amp; friends");
    expect(facts!.fields!.map((f) => f.text)).toContain("*Scope*\nGmail");
    expect(evidence!.text!.text).toContain("550 5.7.1 &lt;x@y&gt;");
    expect(actions!.elements!.map((e) => e.url)).toEqual([
      "https://app.inboxwatch.example/incidents/inc_42",
      "https://wiki.example/runbooks/5xx",
    ]);
  });

  it("marks resolved incidents as such", async () => {
    const r = await receiver(() => ({ status: 200, body: "ok" }));
    await slackChannel.send({ url: r.url }, sampleNotification({ event: "incident.resolved" }), deps());
    const message = JSON.parse(r.requests[0]!.body) as { blocks: Block[] };
    expect(message.blocks[0]!.text!.text).toMatch(/^✅ Resolved/);
  });

  it("classifies a 500 as retryable and a 404 no_service as permanent", async () => {
    const r = await receiver((_req, i) => (i === 0 ? { status: 500, body: "internal_error" } : { status: 404, body: "no_service" }));
    expect(await slackChannel.send({ url: r.url }, sampleNotification(), deps())).toMatchObject({
      outcome: "retryable",
      reason: "server_error",
      status: 500,
    });
    expect(await slackChannel.send({ url: r.url }, sampleNotification(), deps())).toMatchObject({
      outcome: "permanent",
      reason: "client_error",
      detail: "404 no_service",
    });
  });

  it("honours Retry-After on 429, in seconds or as an HTTP-date", async () => {
    const r = await receiver((_req, i) => ({
      status: 429,
      headers: { "retry-after": i === 0 ? "30" : new Date(SAMPLE_NOW + 45_000).toUTCString() },
      body: "rate_limited",
    }));
    const seconds = await slackChannel.send({ url: r.url }, sampleNotification(), deps());
    expect(seconds).toMatchObject({ outcome: "retryable", reason: "rate_limited", status: 429, retryAfterMs: 30_000 });
    expect(nextRetryDelay(1, seconds, () => 0)).toBe(30_000);
    const date = await slackChannel.send({ url: r.url }, sampleNotification(), deps());
    expect(date.retryAfterMs).toBe(45_000);
  });

  it("times out on a receiver that never answers, as a retryable failure", async () => {
    const r = await receiver(() => "hang");
    expect(await slackChannel.send({ url: r.url }, sampleNotification(), deps(300))).toMatchObject({
      outcome: "retryable",
      reason: "timeout",
      status: null,
    });
  });

  it("rejects a config without a valid URL", () => {
    expect(slackChannel.validateConfig({ url: "javascript:alert(1)" }).ok).toBe(false);
    expect(slackChannel.validateConfig({}).ok).toBe(false);
    expect(slackChannel.validateConfig({ url: "https://hooks.slack.com/services/T/B/x" }).ok).toBe(true);
  });
});
