/**
 * Slack incoming webhook: a Block Kit message (header with severity, summary, facts, evidence, links).
 * Slack answers 200 "ok", or 4xx with a short error code (invalid_payload, no_service, channel_is_archived).
 */
import { z } from "zod";

import { type HttpRequestSpec, SEVERITY_LABEL, checkConfig, eventLabel, postJson, registerChannel, truncate } from "./channel.ts";
import { digestHeading, digestLine } from "./digest.ts";
import type { TAlertNotification, TDigest } from "./notification.ts";

/** Block Kit limits: header text 150 chars, section text 3,000 (longer messages are rejected as invalid_blocks). */
export const SLACK_HEADER_MAX_CHARS = 150;
export const SLACK_SECTION_MAX_CHARS = 3000;

export const ZSlackConfig = z.object({ url: z.url({ protocol: /^https?$/ }).max(2000) });
export type TSlackConfig = z.infer<typeof ZSlackConfig>;

const SEVERITY_EMOJI = { critical: "🔴", warning: "🟠", info: "🔵" } as const;

/** Slack mrkdwn treats &, < and > as control characters (links, mentions): escape them in user text. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A digest: one header, the items as a list (newest last) split over sections of Slack's size limit. */
export function buildSlackDigestMessage(n: TAlertNotification, d: TDigest): Record<string, unknown> {
  const heading = `🗒️ Alert digest · ${digestHeading(d)}`;
  const lines = d.items.map(
    (i) =>
      `• <${i.url}|${escapeSlack(truncate(i.title, 150))}> ${escapeSlack(digestLine(i).split("  ").slice(0, 2).join(" "))}\n    ${escapeSlack(`${i.scopeLabel}: ${i.summary}`)}`,
  );
  const sections: string[] = [];
  for (const line of lines) {
    const last = sections.at(-1);
    if (last !== undefined && last.length + line.length + 1 <= SLACK_SECTION_MAX_CHARS) sections[sections.length - 1] = `${last}\n${line}`;
    else sections.push(truncate(line, SLACK_SECTION_MAX_CHARS));
  }
  const more = d.total - d.items.length;
  return {
    text: truncate(`${heading}: ${n.summary}`, SLACK_SECTION_MAX_CHARS),
    blocks: [
      { type: "header", text: { type: "plain_text", text: truncate(heading, SLACK_HEADER_MAX_CHARS), emoji: true } },
      ...sections.map((text) => ({ type: "section", text: { type: "mrkdwn", text } })),
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: `Inboxwatch digest${more > 0 ? ` · and ${more} more` : ""} · ${escapeSlack(n.summary)}` }],
      },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open incidents" }, url: n.url }] },
    ],
  };
}

export function buildSlackMessage(n: TAlertNotification): Record<string, unknown> {
  if (n.digest) return buildSlackDigestMessage(n, n.digest);
  const resolved = n.event === "incident.resolved";
  const emoji = resolved ? "✅" : SEVERITY_EMOJI[n.severity];
  const heading = `${eventLabel(n)} · ${SEVERITY_LABEL[n.severity]} · ${n.title}`;
  const evidence = n.evidence.map(escapeSlack).join("\n").replace(/```/g, "'''");
  const buttons: Record<string, unknown>[] = [
    {
      type: "button",
      text: { type: "plain_text", text: "Open incident" },
      url: n.url,
      ...(resolved ? {} : { style: n.severity === "critical" ? "danger" : "primary" }),
    },
  ];
  if (n.runbookUrl) buttons.push({ type: "button", text: { type: "plain_text", text: "Runbook" }, url: n.runbookUrl });
  return {
    // Shown in notifications and by clients that do not render blocks.
    text: truncate(`${emoji} ${heading}: ${n.summary}`, SLACK_SECTION_MAX_CHARS),
    blocks: [
      { type: "header", text: { type: "plain_text", text: truncate(`${emoji} ${heading}`, SLACK_HEADER_MAX_CHARS), emoji: true } },
      { type: "section", text: { type: "mrkdwn", text: truncate(escapeSlack(n.summary), SLACK_SECTION_MAX_CHARS) } },
      {
        type: "section",
        fields: [
          { type: "mrkdwn", text: `*Severity*\n${SEVERITY_LABEL[n.severity]}` },
          { type: "mrkdwn", text: `*Status*\n${eventLabel(n)}` },
          { type: "mrkdwn", text: `*Scope*\n${truncate(escapeSlack(n.scope.label), 200)}` },
          { type: "mrkdwn", text: `*Value*\n${n.value === null ? "—" : String(Math.round(n.value * 100) / 100)}` },
        ],
      },
      { type: "section", text: { type: "mrkdwn", text: truncate(`*Evidence*\n\`\`\`${evidence}\`\`\``, SLACK_SECTION_MAX_CHARS) } },
      {
        type: "context",
        elements: [
          { type: "mrkdwn", text: `Inboxwatch · incident ${escapeSlack(n.incidentId)} · ${new Date(n.occurredAt).toISOString()}` },
        ],
      },
      { type: "actions", elements: buttons },
    ],
  };
}

export function buildSlackRequest(config: TSlackConfig, n: TAlertNotification): HttpRequestSpec {
  return { url: config.url, headers: {}, body: JSON.stringify(buildSlackMessage(n)) };
}

export const slackChannel = registerChannel<TSlackConfig>({
  kind: "slack",
  label: "Slack",
  configSchema: ZSlackConfig,
  validateConfig: (raw) => checkConfig(ZSlackConfig, raw),
  send: (config, n, deps) => postJson(buildSlackRequest(config, n), deps),
});
