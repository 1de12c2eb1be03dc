/**
 * Generic webhook signed per Standard Webhooks. `webhook-id` is the notification id, identical on every
 * retry so receivers can deduplicate; `webhook-timestamp` is the time of this attempt (receivers reject
 * stale timestamps, 5 minutes by default), so the signature is recomputed per attempt.
 */
import { z } from "zod";

import { type HttpRequestSpec, checkConfig, postJson, registerChannel } from "./channel.ts";
import type { TAlertNotification } from "./notification.ts";
import { decodeWebhookSecret, signStandardWebhook } from "./webhook-signature.ts";

/** Active secrets at once: the current one plus a few being rotated out. */
export const WEBHOOK_MAX_ACTIVE_SECRETS = 5;

export const ZWebhookConfig = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  secrets: z
    .array(z.string().refine((s) => decodeWebhookSecret(s) !== null, "must be whsec_ followed by base64 of 24–64 bytes"))
    .min(1)
    .max(WEBHOOK_MAX_ACTIVE_SECRETS),
});
export type TWebhookConfig = z.infer<typeof ZWebhookConfig>;

/** The payload follows the spec's recommended envelope: { type, timestamp, data }. */
export function buildWebhookPayload(n: TAlertNotification): Record<string, unknown> {
  if (n.digest) {
    const d = n.digest;
    return {
      type: "incident.digest",
      timestamp: new Date(n.occurredAt).toISOString(),
      data: {
        notificationId: n.id,
        orgId: n.orgId,
        severity: n.severity,
        summary: n.summary,
        since: new Date(d.since).toISOString(),
        until: new Date(d.until).toISOString(),
        total: d.total,
        items: d.items.map((i) => ({ ...i, occurredAt: new Date(i.occurredAt).toISOString() })),
        url: n.url,
      },
    };
  }
  return {
    type: n.event,
    timestamp: new Date(n.occurredAt).toISOString(),
    data: {
      notificationId: n.id,
      incidentId: n.incidentId,
      orgId: n.orgId,
      ruleId: n.ruleId,
      title: n.title,
      severity: n.severity,
      summary: n.summary,
      scope: n.scope,
      value: n.value,
      evidence: n.evidence,
      url: n.url,
      runbookUrl: n.runbookUrl ?? null,
    },
  };
}

export function buildWebhookRequest(config: TWebhookConfig, n: TAlertNotification, now: number): HttpRequestSpec {
  const body = JSON.stringify(buildWebhookPayload(n));
  const timestamp = Math.floor(now / 1000);
  return {
    url: config.url,
    headers: {
      "webhook-id": n.id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signStandardWebhook(config.secrets, n.id, timestamp, body),
    },
    body,
  };
}

export const webhookChannel = registerChannel<TWebhookConfig>({
  kind: "webhook",
  label: "Webhook (Standard Webhooks)",
  configSchema: ZWebhookConfig,
  validateConfig: (raw) => checkConfig(ZWebhookConfig, raw),
  send: (config, n, deps) => postJson(buildWebhookRequest(config, n, deps.now()), deps),
});
