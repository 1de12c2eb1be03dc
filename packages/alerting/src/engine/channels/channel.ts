/**
 * The notification channel plug-in interface. Each channel is one file: a zod config schema, how a
 * notification becomes a request (pure, testable), and how it is sent through the injected I/O.
 */
import type { z } from "zod";

import type { HttpTransport } from "@inboxwatch/deliverability/net";

import { type DeliveryAttemptResult, classifyHttpOutcome, permanent } from "./delivery-result.ts";
import type { TAlertNotification } from "./notification.ts";

/** A receiver that has not answered in 10 s is treated as down; retries follow. */
export const NOTIFY_HTTP_TIMEOUT_MS = 10_000;

export const CHANNEL_KINDS = ["slack", "webhook", "email", "teams", "pagerduty"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** The subset of a nodemailer Transporter a channel uses; inject `nodemailer.createTransport(...)`. */
export interface MailTransport {
  sendMail(mail: {
    from: string;
    to: string[];
    subject: string;
    text: string;
    html: string;
    messageId: string;
    headers: Record<string, string>;
  }): Promise<{ messageId?: string; response?: string; rejected?: unknown[] }>;
}

export interface ChannelDeps {
  /** Posts to user-supplied URLs; production: platformHttpTransport() (createPinnedHttpTransport with the platform resolver). */
  http: HttpTransport;
  /** Epoch ms; Standard Webhooks timestamps and Retry-After dates are computed from it. */
  now: () => number;
  timeoutMs?: number;
  mailer?: MailTransport;
  /** The From address of alert emails. */
  mailFrom?: string;
  /** PagerDuty Events API v2 endpoint; overridable for EU accounts and for tests. */
  pagerDutyEventsUrl?: string;
}

export interface HttpRequestSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type ConfigCheck<C> = { ok: true; config: C } | { ok: false; issues: string[] };

export interface NotificationChannel<C> {
  kind: ChannelKind;
  label: string;
  configSchema: z.ZodType<C>;
  validateConfig(raw: unknown): ConfigCheck<C>;
  send(config: C, notification: TAlertNotification, deps: ChannelDeps): Promise<DeliveryAttemptResult>;
}

/** A channel with its config type erased, as the registry holds it: validate, then send. */
export interface RegisteredChannel {
  kind: ChannelKind;
  label: string;
  validateConfig(raw: unknown): ConfigCheck<unknown>;
  /** Validates `rawConfig` (stored JSON) and sends; a bad config is a permanent failure, not a throw. */
  deliver(rawConfig: unknown, notification: TAlertNotification, deps: ChannelDeps): Promise<DeliveryAttemptResult>;
}

export function checkConfig<C>(schema: z.ZodType<C>, raw: unknown): ConfigCheck<C> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`) };
}

export function registerChannel<C>(channel: NotificationChannel<C>): RegisteredChannel & NotificationChannel<C> {
  return {
    ...channel,
    async deliver(rawConfig, notification, deps) {
      const check = channel.validateConfig(rawConfig);
      if (!check.ok) return permanent("invalid_config", check.issues.join("; "));
      return channel.send(check.config, notification, deps);
    },
  };
}

/** POSTs a built request through the injected transport and classifies the outcome. */
export async function postJson(spec: HttpRequestSpec, deps: ChannelDeps): Promise<DeliveryAttemptResult> {
  const outcome = await deps.http({
    url: spec.url,
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "Inboxwatch-Alerts/1", ...spec.headers },
    body: spec.body,
    timeoutMs: deps.timeoutMs ?? NOTIFY_HTTP_TIMEOUT_MS,
  });
  return classifyHttpOutcome(outcome, deps.now());
}

export const SEVERITY_LABEL = { critical: "CRITICAL", warning: "WARNING", info: "INFO" } as const;

/** "Opened", "Updated", "Resolved", "Test" — the incident event in words. */
export function eventLabel(n: TAlertNotification): string {
  return {
    "incident.opened": "Opened",
    "incident.updated": "Updated",
    "incident.resolved": "Resolved",
    "incident.digest": "Digest",
    test: "Test",
  }[n.event];
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
