/**
 * Splits a channel's configuration into what may be shown (stored as JSON) and what must not (stored
 * encrypted, never returned): Slack and Teams incoming-webhook URLs carry their token in the path, a
 * PagerDuty routing key lets anyone page the on-call, webhook signing secrets forge our signatures.
 */
import { decryptSecret, encryptSecret, ValidationError } from "@inboxwatch/services";

import { type ChannelKind, getChannel } from "../engine/index.ts";

/** Characters of a secret URL shown as a hint ("hooks.slack.com/…/x7Qa"), enough to tell two apart. */
const HINT_TAIL_CHARS = 4;

export interface SplitConfig {
  /** Shown to members: non-secret fields plus hints of the secret ones. */
  publicConfig: Record<string, unknown>;
  /** Encrypted at rest; null when the kind has no secret. */
  secret: Record<string, unknown> | null;
}

function urlHint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}/…${u.pathname.slice(-HINT_TAIL_CHARS)}`;
  } catch {
    return "…";
  }
}

/** Validates a full configuration with the channel's own schema, then splits it. */
export function splitChannelConfig(kind: ChannelKind, raw: unknown): SplitConfig {
  const check = getChannel(kind).validateConfig(raw);
  if (!check.ok) throw new ValidationError(`Invalid ${kind} configuration: ${check.issues.join("; ")}`);
  const config = check.config as Record<string, unknown>;
  switch (kind) {
    case "slack":
    case "teams":
      return { publicConfig: { urlHint: urlHint(String(config.url)) }, secret: { url: config.url } };
    case "pagerduty":
      return {
        publicConfig: { routingKeyHint: `…${String(config.routingKey).slice(-HINT_TAIL_CHARS)}` },
        secret: { routingKey: config.routingKey },
      };
    case "webhook":
      return { publicConfig: { url: config.url }, secret: { secrets: config.secrets } };
    case "email":
      return { publicConfig: { to: config.to }, secret: null };
  }
}

export function sealSecret(secret: Record<string, unknown> | null, orgId: string): string | null {
  return secret === null ? null : encryptSecret(JSON.stringify(secret), orgId);
}

/** The full configuration the channel plug-in validates and sends with (worker side only). */
export function openChannelConfig(row: { orgId: string; config: unknown; secretEnc: string | null }): Record<string, unknown> {
  const { urlHint: _u, routingKeyHint: _r, ...visible } = (row.config ?? {}) as Record<string, unknown>;
  const secret = row.secretEnc === null ? {} : (JSON.parse(decryptSecret(row.secretEnc, row.orgId)) as Record<string, unknown>);
  return { ...visible, ...secret };
}
