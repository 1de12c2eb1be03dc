/**
 * The whole path the worker will drive, without a database: evaluate → reduce → build the notification →
 * route → deliver with retries (delays computed, not slept) to real receivers on loopback.
 */
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";

import {
  type ChannelDeps,
  type DeliveryAttemptResult,
  type OpenIncident,
  type RoutableChannel,
  type TAlertNotification,
  ZChannelRouting,
  buildIncidentNotification,
  evaluateRule,
  generateWebhookSecret,
  getChannel,
  initialRuleState,
  nextRetryDelay,
  reduceIncident,
  routeNotification,
} from "./index.ts";
import { platformHttpTransport } from "../notifications/platform-transport.ts";
import { type HttpReceiver, type ReceivedRequest, startHttpReceiver } from "./channels/testing.ts";
import { STEP_MS, T0, rule } from "./rules/testing.ts";

const receivers: HttpReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

/** Delivers with retries the way the notification job does; returns every attempt and the delays asked for. */
async function deliverWithRetries(kind: "webhook" | "pagerduty", config: unknown, n: TAlertNotification, deps: ChannelDeps) {
  const attempts: DeliveryAttemptResult[] = [];
  const delays: number[] = [];
  for (let attempt = 1; ; attempt++) {
    const result = await getChannel(kind).deliver(config, n, deps);
    attempts.push(result);
    const delay = nextRetryDelay(attempt, result, () => 0);
    if (delay === null) return { attempts, delays };
    delays.push(delay);
  }
}

describe("alert flow", () => {
  it("opens one incident, delivers its signed webhook once despite a 503, then resolves it on PagerDuty", async () => {
    const secret = generateWebhookSecret();
    const webhookIds: string[] = [];
    const hook = await startHttpReceiver((req: ReceivedRequest, i) => {
      new Webhook(secret).verify(req.body, req.headers as Record<string, string>);
      webhookIds.push(String(req.headers["webhook-id"]));
      return i === 0 ? { status: 503, headers: { "retry-after": "20" } } : { status: 200 };
    });
    const pagerDuty = await startHttpReceiver(() => ({ status: 202 }));
    receivers.push(hook, pagerDuty);

    const r = rule({
      id: "rule_5xx",
      name: "5xx replies above 5%",
      severity: "critical",
      condition: { kind: "threshold", metric: "rate_5xx", comparator: ">", value: 5, windowMinutes: 30 },
      minVolume: 100,
      channelIds: ["ch_hook", "ch_pd", "ch_mail"],
    });
    const channels: RoutableChannel[] = [
      { id: "ch_hook", ...ZChannelRouting.parse({}) },
      { id: "ch_pd", ...ZChannelRouting.parse({ minSeverity: "critical" }) },
      { id: "ch_mail", ...ZChannelRouting.parse({ enabled: false }) },
    ];
    const configs: Record<string, { kind: "webhook" | "pagerduty"; config: unknown }> = {
      ch_hook: { kind: "webhook", config: { url: hook.url, secrets: [secret] } },
      ch_pd: { kind: "pagerduty", config: { routingKey: "R0123456789abcdefABCDEF012345678" } },
    };
    const deps: ChannelDeps = {
      http: platformHttpTransport(),
      now: () => Date.now(),
      timeoutMs: 5_000,
      pagerDutyEventsUrl: `http://127.0.0.1:${pagerDuty.port}/v2/enqueue`,
    };

    let state = initialRuleState();
    let open: OpenIncident | null = null;
    const sent: { channel: string; attempts: DeliveryAttemptResult[]; delays: number[] }[] = [];
    const phases = [...Array<number>(4).fill(20), ...Array<number>(4).fill(0)];
    for (const [i, rate] of phases.entries()) {
      const now = T0 + i * STEP_MS;
      const points = [0, 1, 2, 3, 4, 5].map((k) => ({ at: now - k * STEP_MS, value: rate, volume: 50 })).reverse();
      const evaluation = evaluateRule(r, { kind: "series", points }, state, now);
      state = evaluation.nextState;
      const action = reduceIncident(open, evaluation, now, []);
      if (action.type === "none") continue;
      if (action.type === "open") open = { id: "inc_1", ruleId: r.id, status: "open", severity: action.severity, openedAt: now };
      const incidentId = open?.id ?? "inc_1";
      if (action.type === "resolve") open = null;
      if (!action.notify) continue;
      const event = action.type === "open" ? "incident.opened" : action.type === "resolve" ? "incident.resolved" : "incident.updated";
      const n = buildIncidentNotification({
        id: `ntf_${i}`,
        event,
        orgId: "org_1",
        incidentId,
        rule: r,
        severity: r.severity,
        scope: { scope: r.scope, label: "example.com" },
        value: action.value,
        evidence: action.evidence,
        url: `https://app.inboxwatch.example/incidents/${incidentId}`,
        occurredAt: now,
      });
      const routes = routeNotification(r.channelIds, channels, n.severity, n.event);
      for (const id of routes.immediate) {
        const target = configs[id]!;
        sent.push({ channel: id, ...(await deliverWithRetries(target.kind, target.config, n, deps)) });
      }
    }

    // Opened: webhook (503 then 200, same id) and PagerDuty trigger; resolved: both again. Mail is disabled.
    expect(sent.map((s) => [s.channel, s.attempts.map((a) => a.outcome)])).toEqual([
      ["ch_hook", ["retryable", "delivered"]],
      ["ch_pd", ["delivered"]],
      ["ch_hook", ["delivered"]],
      ["ch_pd", ["delivered"]],
    ]);
    expect(sent[0]!.delays).toEqual([20_000]);
    expect(webhookIds).toEqual(["ntf_0", "ntf_0", "ntf_4"]);
    const events = pagerDuty.requests.map((q) => JSON.parse(q.body) as { event_action: string; dedup_key: string });
    expect(events.map((e) => [e.event_action, e.dedup_key])).toEqual([
      ["trigger", "inc_1"],
      ["resolve", "inc_1"],
    ]);
  });
});
