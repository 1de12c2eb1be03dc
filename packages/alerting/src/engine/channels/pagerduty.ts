/**
 * PagerDuty Events API v2: "trigger" while an incident is open or updated, "resolve" when it resolves,
 * both with dedup_key = incident id, so PagerDuty keeps one alert per incident however often we send.
 * PagerDuty answers 202 Accepted, 400 for an invalid event, 429 when rate limited.
 */
import { z } from "zod";

import { type HttpRequestSpec, checkConfig, postJson, registerChannel, truncate } from "./channel.ts";
import { permanent } from "./delivery-result.ts";
import type { TAlertNotification } from "./notification.ts";

export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";
/** Events API v2: payload.summary is limited to 1,024 characters; dedup_key to 255. */
export const PAGERDUTY_SUMMARY_MAX_CHARS = 1024;
export const PAGERDUTY_DEDUP_KEY_MAX_CHARS = 255;

export const ZPagerDutyConfig = z.object({
  /** The 32-character integration (routing) key of an Events API v2 integration. */
  routingKey: z.string().regex(/^[A-Za-z0-9]{32}$/, "must be the 32-character Events API v2 integration key"),
});
export type TPagerDutyConfig = z.infer<typeof ZPagerDutyConfig>;

export function buildPagerDutyEvent(config: TPagerDutyConfig, n: TAlertNotification): Record<string, unknown> {
  const dedupKey = truncate(n.incidentId, PAGERDUTY_DEDUP_KEY_MAX_CHARS);
  if (n.event === "incident.resolved") return { routing_key: config.routingKey, event_action: "resolve", dedup_key: dedupKey };
  const links = [{ href: n.url, text: "Open incident in Inboxwatch" }];
  if (n.runbookUrl) links.push({ href: n.runbookUrl, text: "Runbook" });
  return {
    routing_key: config.routingKey,
    event_action: "trigger",
    dedup_key: dedupKey,
    client: "Inboxwatch",
    client_url: n.url,
    links,
    payload: {
      summary: truncate(`${n.title}: ${n.summary}`, PAGERDUTY_SUMMARY_MAX_CHARS),
      source: n.scope.label,
      // PagerDuty's severities are critical/error/warning/info: ours map onto three of them.
      severity: n.severity,
      timestamp: new Date(n.occurredAt).toISOString(),
      component: n.scope.scope.type,
      group: n.orgId,
      class: n.title,
      custom_details: { summary: n.summary, value: n.value, evidence: n.evidence, notification_id: n.id },
    },
  };
}

export function buildPagerDutyRequest(config: TPagerDutyConfig, n: TAlertNotification, eventsUrl = PAGERDUTY_EVENTS_URL): HttpRequestSpec {
  return { url: eventsUrl, headers: {}, body: JSON.stringify(buildPagerDutyEvent(config, n)) };
}

export const pagerDutyChannel = registerChannel<TPagerDutyConfig>({
  kind: "pagerduty",
  label: "PagerDuty",
  configSchema: ZPagerDutyConfig,
  validateConfig: (raw) => checkConfig(ZPagerDutyConfig, raw),
  // Routing never sends it digests (digest.ts); one arriving anyway is refused, not turned into a page.
  send: (config, n, deps) =>
    n.digest
      ? Promise.resolve(permanent("invalid_config", "PagerDuty takes no digests"))
      : postJson(buildPagerDutyRequest(config, n, deps.pagerDutyEventsUrl), deps),
});
