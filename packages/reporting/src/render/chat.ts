/**
 * The report's chat summaries: a Slack Block Kit message, a Microsoft Teams Adaptive Card message and a
 * generic webhook JSON, each with the headline figures and their deltas, the top findings and links to
 * the full report and its PDF. Built like the alert channels (packages/alerting/src/engine/channels/
 * slack.ts, teams.ts): user text escaped for the target's markup, every text capped at the target's limit.
 */
import { type REPORT_FIGURES_VERSION, type ReportFigures } from "../figures.ts";
import { formatCount } from "../format.ts";
import { NO_MAIL_STATEMENT, SEVERITY_LABEL, appLink, assertKnownVersion, deltaArrow, findingsBySeverity, truncate } from "./format.ts";

/** Block Kit limits: header 150 chars, section text 3,000, a field 2,000 and at most 10 fields, 50 blocks a message. */
export const SLACK_HEADER_MAX_CHARS = 150;
export const SLACK_SECTION_MAX_CHARS = 3000;
export const SLACK_FIELD_MAX_CHARS = 2000;
export const SLACK_MAX_FIELDS = 10;
/** Teams rejects messages over ~28 KB; each text is capped so the card stays far below. */
export const TEAMS_TEXT_MAX_CHARS = 2000;
export const TEAMS_MESSAGE_MAX_BYTES = 28_000;
/** Adaptive Card 1.4 is the newest version every Teams client renders. */
export const TEAMS_CARD_VERSION = "1.4";
/** Chat shows the worst findings only. */
export const CHAT_MAX_FINDINGS = 3;

export interface ChatReportOptions {
  reportUrl: string;
  pdfUrl?: string | null;
}

const SEVERITY_EMOJI = { critical: "🔴", warning: "🟠", info: "🔵", good: "🟢" } as const;
const TREND_EMOJI = { better: "🟢", worse: "🔴", flat: "⚪", unknown: "⚪" } as const;

/** Slack mrkdwn treats &, < and > as control characters (links, mentions): escape them in user text. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Teams TextBlocks render a Markdown subset: links, emphasis and lists. Backslash-escaping the characters
 * that start them keeps a figure's text (an incident comment, a campaign name) from becoming a link.
 */
export function escapeTeams(text: string): string {
  return text.replace(/([\\[\]()*_`~#>])/g, "\\$1");
}

/** A link for Slack's <url|text>: only http(s) URLs, and without the characters that end the link syntax. */
function slackUrl(url: string): string | null {
  return /^https?:\/\//i.test(url) && !/[<>|\s]/.test(url) ? url : null;
}

function headingOf(figures: ReportFigures): string {
  return `${figures.title} · ${figures.period.label}`;
}

function kpisOf(figures: ReportFigures): ReportFigures["headline"] {
  return figures.noMail ? figures.headline.filter((k) => k.current.state === "ok") : figures.headline;
}

function kpiLine(k: ReportFigures["headline"][number]): string {
  return k.deltaDisplay === null ? k.display : `${k.display}  ${deltaArrow(k)} ${k.deltaDisplay}`;
}

export function buildSlackReportMessage(figures: ReportFigures, options: ChatReportOptions): Record<string, unknown> {
  assertKnownVersion(figures);
  const heading = headingOf(figures);
  const summary = figures.noMail
    ? NO_MAIL_STATEMENT
    : (figures.narrative[0]?.sentence ?? `${formatCount(figures.volume.attempted)} messages attempted.`);
  const fields = kpisOf(figures)
    .slice(0, SLACK_MAX_FIELDS)
    .map((k) => ({
      type: "mrkdwn",
      text: truncate(`*${escapeSlack(k.label)}*\n${TREND_EMOJI[k.trend]} ${escapeSlack(kpiLine(k))}`, SLACK_FIELD_MAX_CHARS),
    }));
  const findings = findingsBySeverity(figures.findings)
    .slice(0, CHAT_MAX_FINDINGS)
    .map((f) => {
      const href = appLink(figures.orgUrl, f.evidencePath);
      const url = href === null ? null : slackUrl(href);
      const facts = f.facts.map((x) => `${x.label}: ${x.value}`).join(" · ");
      return `${SEVERITY_EMOJI[f.severity]} *${SEVERITY_LABEL[f.severity]}* ${escapeSlack(f.sentence)}${facts ? `\n      _${escapeSlack(facts)}_` : ""}${url ? ` <${url}|evidence>` : ""}`;
    });
  const buttons: Record<string, unknown>[] = [
    { type: "button", text: { type: "plain_text", text: "View the full report" }, url: options.reportUrl, style: "primary" },
  ];
  if (options.pdfUrl) buttons.push({ type: "button", text: { type: "plain_text", text: "PDF" }, url: options.pdfUrl });
  return {
    // Shown in notifications and by clients that do not render blocks.
    text: truncate(`${heading} · ${figures.org.name}: ${summary}`, SLACK_SECTION_MAX_CHARS),
    blocks: [
      { type: "header", text: { type: "plain_text", text: truncate(`📬 ${heading}`, SLACK_HEADER_MAX_CHARS), emoji: true } },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: truncate(
              escapeSlack(`${figures.org.name} · ${figures.scope.label} · vs ${figures.previousPeriod.label}`),
              SLACK_FIELD_MAX_CHARS,
            ),
          },
        ],
      },
      { type: "section", text: { type: "mrkdwn", text: truncate(escapeSlack(summary), SLACK_SECTION_MAX_CHARS) } },
      ...(fields.length ? [{ type: "section", fields }] : []),
      ...(findings.length
        ? [
            {
              type: "section",
              text: { type: "mrkdwn", text: truncate(`*What changed and why*\n${findings.join("\n")}`, SLACK_SECTION_MAX_CHARS) },
            },
          ]
        : []),
      { type: "actions", elements: buttons },
    ],
  };
}

export function buildTeamsReportCard(figures: ReportFigures, options: ChatReportOptions): Record<string, unknown> {
  assertKnownVersion(figures);
  const summary = figures.noMail
    ? NO_MAIL_STATEMENT
    : (figures.narrative[0]?.sentence ?? `${formatCount(figures.volume.attempted)} messages attempted.`);
  const findings = findingsBySeverity(figures.findings).slice(0, CHAT_MAX_FINDINGS);
  const actions: Record<string, unknown>[] = [{ type: "Action.OpenUrl", title: "View the full report", url: options.reportUrl }];
  if (options.pdfUrl) actions.push({ type: "Action.OpenUrl", title: "PDF", url: options.pdfUrl });
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
        text: truncate(escapeTeams(headingOf(figures)), TEAMS_TEXT_MAX_CHARS),
      },
      {
        type: "TextBlock",
        isSubtle: true,
        spacing: "None",
        wrap: true,
        text: truncate(
          escapeTeams(`${figures.org.name} · ${figures.scope.label} · vs ${figures.previousPeriod.label}`),
          TEAMS_TEXT_MAX_CHARS,
        ),
      },
      { type: "TextBlock", wrap: true, text: truncate(escapeTeams(summary), TEAMS_TEXT_MAX_CHARS) },
      {
        type: "FactSet",
        facts: kpisOf(figures).map((k) => ({
          title: truncate(escapeTeams(k.label), 100),
          value: truncate(escapeTeams(`${kpiLine(k)}${k.trend === "better" ? " (better)" : k.trend === "worse" ? " (worse)" : ""}`), 200),
        })),
      },
      ...findings.map((f) => ({
        type: "TextBlock",
        wrap: true,
        color: f.severity === "critical" ? "Attention" : f.severity === "warning" ? "Warning" : f.severity === "good" ? "Good" : "Accent",
        text: truncate(`${SEVERITY_LABEL[f.severity]}: ${escapeTeams(f.sentence)}`, TEAMS_TEXT_MAX_CHARS),
      })),
    ],
    actions,
  };
}

/** The Teams webhook body: a message carrying one Adaptive Card (Workflows and the legacy connector accept it). */
export function buildTeamsReportMessage(figures: ReportFigures, options: ChatReportOptions): Record<string, unknown> {
  return {
    type: "message",
    attachments: [
      { contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: buildTeamsReportCard(figures, options) },
    ],
  };
}

export type WebhookReportPayload = {
  type: "report";
  version: typeof REPORT_FIGURES_VERSION;
  title: string;
  cadence: ReportFigures["cadence"];
  audience: ReportFigures["audience"];
  organization: { name: string; slug: string };
  period: ReportFigures["period"];
  previousPeriod: ReportFigures["previousPeriod"];
  noMail: boolean;
  volume: ReportFigures["volume"];
  headline: {
    id: string;
    label: string;
    /** The raw value in the KPI's unit, null unless it is a figure. */
    value: number | null;
    display: string;
    delta: number | null;
    deltaDisplay: string | null;
    trend: ReportFigures["headline"][number]["trend"];
  }[];
  findings: { rule: string; severity: string; sentence: string; evidenceUrl: string | null }[];
  reportUrl: string;
  pdfUrl: string | null;
  generatedAt: string;
};

/** Plain JSON for a generic webhook: the figures a receiver can act on, and the links; no markup. */
export function buildWebhookReportPayload(figures: ReportFigures, options: ChatReportOptions): WebhookReportPayload {
  assertKnownVersion(figures);
  return {
    type: "report",
    version: figures.version,
    title: figures.title,
    cadence: figures.cadence,
    audience: figures.audience,
    organization: { name: figures.org.name, slug: figures.org.slug },
    period: figures.period,
    previousPeriod: figures.previousPeriod,
    noMail: figures.noMail,
    volume: figures.volume,
    headline: figures.headline.map((k) => ({
      id: k.id,
      label: k.label,
      value: k.current.state === "ok" ? k.current.value : null,
      display: k.display,
      delta: k.delta,
      deltaDisplay: k.deltaDisplay,
      trend: k.trend,
    })),
    findings: findingsBySeverity(figures.findings).map((f) => ({
      rule: f.rule,
      severity: f.severity,
      sentence: f.sentence,
      evidenceUrl: appLink(figures.orgUrl, f.evidencePath),
    })),
    reportUrl: options.reportUrl,
    pdfUrl: options.pdfUrl ?? null,
    generatedAt: figures.generatedAt,
  };
}
