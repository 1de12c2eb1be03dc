/**
 * Microsoft Teams incoming webhook (Workflows "post to a channel when a webhook request is received", and
 * the legacy Office 365 connector): a message carrying one Adaptive Card. Teams answers 200 or 202.
 */
import { z } from "zod";

import { type HttpRequestSpec, SEVERITY_LABEL, checkConfig, eventLabel, postJson, registerChannel, truncate } from "./channel.ts";
import { digestHeading, digestLine } from "./digest.ts";
import type { TAlertNotification, TDigest } from "./notification.ts";

/** Teams rejects messages over ~28 KB; capping the evidence block keeps the card well below. */
export const TEAMS_EVIDENCE_MAX_CHARS = 4000;
/** Adaptive Card 1.4 is the newest version every Teams client renders. */
export const TEAMS_CARD_VERSION = "1.4";

export const ZTeamsConfig = z.object({ url: z.url({ protocol: /^https?$/ }).max(2000) });
export type TTeamsConfig = z.infer<typeof ZTeamsConfig>;

const SEVERITY_COLOR = { critical: "Attention", warning: "Warning", info: "Accent" } as const;

/** A digest card: heading, one wrapped line per item, a link to the incidents list. */
export function buildTeamsDigestCard(n: TAlertNotification, d: TDigest): Record<string, unknown> {
  const more = d.total - d.items.length;
  return {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: TEAMS_CARD_VERSION,
    body: [
      {
        type: "TextBlock",
        size: "Large",
        weight: "Bolder",
        wrap: true,
        color: SEVERITY_COLOR[n.severity],
        text: `Alert digest · ${digestHeading(d)}`,
      },
      { type: "TextBlock", wrap: true, text: n.summary },
      {
        type: "TextBlock",
        wrap: true,
        fontType: "Monospace",
        text: truncate(d.items.map(digestLine).join("\n\n"), TEAMS_EVIDENCE_MAX_CHARS),
      },
      ...(more > 0 ? [{ type: "TextBlock", wrap: true, isSubtle: true, text: `and ${more} more` }] : []),
    ],
    actions: [{ type: "Action.OpenUrl", title: "Open incidents", url: n.url }],
  };
}

export function buildTeamsCard(n: TAlertNotification): Record<string, unknown> {
  if (n.digest) return buildTeamsDigestCard(n, n.digest);
  const resolved = n.event === "incident.resolved";
  const actions: Record<string, unknown>[] = [{ type: "Action.OpenUrl", title: "Open incident", url: n.url }];
  if (n.runbookUrl) actions.push({ type: "Action.OpenUrl", title: "Runbook", url: n.runbookUrl });
  return {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: TEAMS_CARD_VERSION,
    body: [
      {
        type: "TextBlock",
        size: "Large",
        weight: "Bolder",
        wrap: true,
        color: resolved ? "Good" : SEVERITY_COLOR[n.severity],
        text: `${eventLabel(n)} · ${SEVERITY_LABEL[n.severity]} · ${n.title}`,
      },
      { type: "TextBlock", wrap: true, text: n.summary },
      {
        type: "FactSet",
        facts: [
          { title: "Severity", value: SEVERITY_LABEL[n.severity] },
          { title: "Scope", value: n.scope.label },
          { title: "Value", value: n.value === null ? "—" : String(Math.round(n.value * 100) / 100) },
          { title: "Incident", value: n.incidentId },
          { title: "At", value: new Date(n.occurredAt).toISOString() },
        ],
      },
      {
        type: "TextBlock",
        wrap: true,
        isSubtle: true,
        fontType: "Monospace",
        text: truncate(n.evidence.join("\n\n"), TEAMS_EVIDENCE_MAX_CHARS),
      },
    ],
    actions,
  };
}

export function buildTeamsRequest(config: TTeamsConfig, n: TAlertNotification): HttpRequestSpec {
  const message = {
    type: "message",
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: buildTeamsCard(n) }],
  };
  return { url: config.url, headers: {}, body: JSON.stringify(message) };
}

export const teamsChannel = registerChannel<TTeamsConfig>({
  kind: "teams",
  label: "Microsoft Teams",
  configSchema: ZTeamsConfig,
  validateConfig: (raw) => checkConfig(ZTeamsConfig, raw),
  send: (config, n, deps) => postJson(buildTeamsRequest(config, n), deps),
});
