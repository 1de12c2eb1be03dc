import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";

import type { ChannelDeps } from "./channel.ts";
import { platformHttpTransport } from "../../notifications/platform-transport.ts";
import { type HttpReceiver, type ReceivedRequest, sampleNotification, startHttpReceiver } from "./testing.ts";
import { decodeWebhookSecret, generateWebhookSecret, signStandardWebhook } from "./webhook-signature.ts";
import { webhookChannel } from "./webhook.ts";

const receivers: HttpReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

/** A receiver that verifies every request with the reference standardwebhooks library, as a customer would. */
async function verifyingReceiver(secret: string, script: (i: number) => number = () => 200) {
  const verified: unknown[] = [];
  const r = await startHttpReceiver((req: ReceivedRequest, i) => {
    try {
      verified.push(new Webhook(secret).verify(req.body, req.headers as Record<string, string>));
    } catch (err) {
      return { status: 401, body: (err as Error).message };
    }
    return { status: script(i), body: "" };
  });
  receivers.push(r);
  return { ...r, verified };
}

// Real time: the library rejects timestamps more than 5 minutes from its own clock.
const deps = (timeoutMs = 5_000): ChannelDeps => ({ http: platformHttpTransport(), now: () => Date.now(), timeoutMs });

describe("Standard Webhooks channel", () => {
  it("signs so that the standardwebhooks library verifies the payload", async () => {
    const secret = generateWebhookSecret();
    const r = await verifyingReceiver(secret);
    const result = await webhookChannel.send({ url: r.url, secrets: [secret] }, sampleNotification(), deps());
    expect(result).toMatchObject({ outcome: "delivered", status: 200 });
    expect(r.requests[0]!.headers["webhook-id"]).toBe("ntf_01HZX3Q8");
    expect(r.verified[0]).toMatchObject({
      type: "incident.opened",
      data: { incidentId: "inc_42", severity: "critical", url: "https://app.inboxwatch.example/incidents/inc_42" },
    });
  });

  it("signs with every active secret during rotation, so old and new receivers both verify", async () => {
    const [oldSecret, newSecret] = [generateWebhookSecret(), generateWebhookSecret()];
    const old = await verifyingReceiver(oldSecret);
    const rotated = await verifyingReceiver(newSecret);
    const stranger = await verifyingReceiver(generateWebhookSecret());
    const config = (url: string) => ({ url, secrets: [newSecret, oldSecret] });
    expect((await webhookChannel.send(config(old.url), sampleNotification(), deps())).outcome).toBe("delivered");
    expect((await webhookChannel.send(config(rotated.url), sampleNotification(), deps())).outcome).toBe("delivered");
    expect(String(old.requests[0]!.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(await webhookChannel.send(config(stranger.url), sampleNotification(), deps())).toMatchObject({
      outcome: "permanent",
      status: 401,
    });
  });

  it("keeps the same webhook-id across retries after a 500, each attempt freshly signed", async () => {
    const secret = generateWebhookSecret();
    const r = await verifyingReceiver(secret, (i) => (i === 0 ? 500 : 200));
    const n = sampleNotification();
    const first = await webhookChannel.send({ url: r.url, secrets: [secret] }, n, deps());
    const second = await webhookChannel.send({ url: r.url, secrets: [secret] }, n, deps());
    expect([first.outcome, second.outcome]).toEqual(["retryable", "delivered"]);
    expect(r.requests.map((q) => q.headers["webhook-id"])).toEqual([n.id, n.id]);
    expect(r.verified).toHaveLength(2);
  });

  it("times out on a receiver that never answers, and reports 429 Retry-After", async () => {
    const secret = generateWebhookSecret();
    const hang = await startHttpReceiver(() => "hang");
    const limited = await startHttpReceiver(() => ({ status: 429, headers: { "retry-after": "12" } }));
    receivers.push(hang, limited);
    expect(await webhookChannel.send({ url: hang.url, secrets: [secret] }, sampleNotification(), deps(300))).toMatchObject({
      outcome: "retryable",
      reason: "timeout",
    });
    expect(await webhookChannel.send({ url: limited.url, secrets: [secret] }, sampleNotification(), deps())).toMatchObject({
      outcome: "retryable",
      retryAfterMs: 12_000,
    });
  });

  it("matches the library's own signature and rejects malformed secrets", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const at = new Date(1_700_000_000_000);
    expect(signStandardWebhook([secret], "msg_1", 1_700_000_000, '{"a":1}')).toBe(new Webhook(secret).sign("msg_1", at, '{"a":1}'));
    expect(decodeWebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toBeNull();
    expect(decodeWebhookSecret("whsec_c2hvcnQ=")).toBeNull();
    expect(webhookChannel.validateConfig({ url: "https://example.com/h", secrets: [] }).ok).toBe(false);
    expect(webhookChannel.validateConfig({ url: "https://example.com/h", secrets: ["whsec_!!"] }).ok).toBe(false);
    expect(webhookChannel.validateConfig({ url: "https://example.com/h", secrets: [secret] }).ok).toBe(true);
  });
});
