import { describe, expect, it } from "vitest";

import { platformHttpTransport } from "../../notifications/platform-transport.ts";
import { buildDigestNotification } from "./digest.ts";
import { buildEmail } from "./email.ts";
import { DIGEST_MAX_ITEMS, type TDigestItem, ZAlertNotification } from "./notification.ts";
import { pagerDutyChannel } from "./pagerduty.ts";
import { routeNotification } from "./routing.ts";
import { buildSlackMessage } from "./slack.ts";
import { buildTeamsCard } from "./teams.ts";
import { SAMPLE_NOW } from "./testing.ts";
import { buildWebhookPayload } from "./webhook.ts";

function item(i: number, overrides: Partial<TDigestItem> = {}): TDigestItem {
  return {
    incidentId: `inc_${i}`,
    event: "incident.opened",
    severity: "info",
    title: `Rule ${i} <b>`,
    summary: `value ${i} & more`,
    scopeLabel: "domain example.com",
    url: `https://app.example/acme/alerts/inc_${i}`,
    occurredAt: SAMPLE_NOW + i * 60_000,
    ...overrides,
  };
}

const digest = (items: TDigestItem[]) =>
  buildDigestNotification({
    id: "msg_d1",
    orgId: "org_1",
    url: "https://app.example/acme/alerts",
    since: SAMPLE_NOW,
    now: SAMPLE_NOW + 3_600_000,
    items,
  });

describe("digest notifications", () => {
  it("is a valid notification: highest severity of its items, counts in the summary", () => {
    const n = digest([item(1), item(2, { severity: "warning", event: "incident.resolved" })]);
    expect(ZAlertNotification.parse(n)).toEqual(n);
    expect(n).toMatchObject({ event: "incident.digest", severity: "warning", value: 2, incidentId: "digest-msg_d1" });
    expect(n.summary).toMatch(/^2 alert events · .*: 1 opened, 1 resolved\.$/);
  });

  it("lists at most DIGEST_MAX_ITEMS items and counts the rest", () => {
    const n = digest(Array.from({ length: DIGEST_MAX_ITEMS + 7 }, (_, i) => item(i)));
    expect(n.digest?.items).toHaveLength(DIGEST_MAX_ITEMS);
    expect(n.digest?.total).toBe(DIGEST_MAX_ITEMS + 7);
    expect(JSON.stringify(buildSlackMessage(n))).toContain("and 7 more");
    expect(buildEmail(n).text).toContain("…and 7 more");
  });

  it("renders for Slack, Teams, email and webhook with user text escaped", () => {
    const n = digest([item(1), item(2)]);
    const slack = JSON.stringify(buildSlackMessage(n));
    expect(slack).toContain("Alert digest · 2 alert events");
    expect(slack).toContain("Rule 1 &lt;b&gt;");
    expect(JSON.stringify(buildTeamsCard(n))).toContain("Alert digest · 2 alert events");
    const email = buildEmail(n);
    expect(email.subject).toMatch(/^\[DIGEST\] 2 alert events/);
    expect(email.html).toContain("Rule 2 &lt;b&gt;");
    expect(email.html).not.toContain("<b>");
    expect(buildWebhookPayload(n)).toMatchObject({
      type: "incident.digest",
      data: { notificationId: "msg_d1", total: 2, items: [{ incidentId: "inc_1" }, { incidentId: "inc_2" }] },
    });
  });

  it("PagerDuty takes no digests: routing sends its events immediately, and a digest is refused", async () => {
    const channels = [
      { id: "pd", kind: "pagerduty", enabled: true, minSeverity: "info" as const, digestSeverities: ["info" as const] },
      { id: "slack", kind: "slack", enabled: true, minSeverity: "info" as const, digestSeverities: ["info" as const] },
    ];
    expect(routeNotification(["pd", "slack"], channels, "info", "incident.opened")).toEqual({ immediate: ["pd"], digest: ["slack"] });
    const result = await pagerDutyChannel.deliver({ routingKey: "R0123456789abcdefABCDEF012345678" }, digest([item(1)]), {
      http: platformHttpTransport(),
      now: () => SAMPLE_NOW,
    });
    expect(result).toMatchObject({ outcome: "permanent", reason: "invalid_config" });
  });
});
