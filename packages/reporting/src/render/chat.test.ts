import { describe, expect, it } from "vitest";

import { sampleFigures, sampleNoMailFigures } from "../testing/sample-figures.ts";
import {
  SLACK_FIELD_MAX_CHARS,
  SLACK_HEADER_MAX_CHARS,
  SLACK_MAX_FIELDS,
  SLACK_SECTION_MAX_CHARS,
  TEAMS_MESSAGE_MAX_BYTES,
  buildSlackReportMessage,
  buildTeamsReportMessage,
  buildWebhookReportPayload,
  escapeTeams,
} from "./chat.ts";
import { NO_MAIL_STATEMENT } from "./format.ts";

const links = { reportUrl: "https://app.inboxwatch.example/share/r/tok", pdfUrl: "https://app.inboxwatch.example/share/r/tok/pdf" };

interface Block {
  type: string;
  text?: { type: string; text: string };
  fields?: { text: string }[];
  elements?: { url?: string; text?: unknown }[];
}

function slackBlocks(m: Record<string, unknown>): Block[] {
  return m.blocks as Block[];
}

/** Every Block Kit limit the message must respect, or Slack rejects it as invalid_blocks. */
function expectWithinSlackLimits(m: Record<string, unknown>): void {
  const blocks = slackBlocks(m);
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const b of blocks) {
    if (b.type === "header") expect(b.text!.text.length).toBeLessThanOrEqual(SLACK_HEADER_MAX_CHARS);
    if (b.type === "section" && b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_SECTION_MAX_CHARS);
    if (b.fields) {
      expect(b.fields.length).toBeLessThanOrEqual(SLACK_MAX_FIELDS);
      for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_FIELD_MAX_CHARS);
    }
  }
  expect((m.text as string).length).toBeLessThanOrEqual(SLACK_SECTION_MAX_CHARS);
}

describe("buildSlackReportMessage", () => {
  it("has a header, headline fields with deltas, the top 3 findings and the report and PDF buttons", () => {
    const m = buildSlackReportMessage(sampleFigures(), links);
    expectWithinSlackLimits(m);
    const blocks = slackBlocks(m);
    expect(blocks[0]!.text!.text).toBe("📬 Weekly deliverability report · 30 Nov – 6 Dec 2026");
    const fields = blocks.find((b) => b.fields)!.fields!.map((f) => f.text);
    expect(fields).toContain("*Accepted*\n🔴 96.4 %  ▼ −1.3 pt");
    expect(fields).toContain("*DMARC pass*\n🟢 97.8 %  ▲ +0.6 pt");
    const findings = blocks.find((b) => b.text?.text.startsWith("*What changed and why*"))!.text!.text;
    expect(findings.split("\n").filter((l) => /^[🔴🟠🔵🟢]/u.test(l))).toHaveLength(3);
    expect(findings).toContain("<https://app.inboxwatch.example/northwind/ips/203.0.113.7|evidence>");
    const buttons = blocks.find((b) => b.type === "actions")!.elements!;
    expect(buttons.map((b) => b.url)).toEqual([links.reportUrl, links.pdfUrl]);
  });

  it("escapes mrkdwn control characters from the figures and stays within limits for huge text", () => {
    const f = sampleFigures();
    f.findings[0]!.sentence = "<!channel> see <https://evil.example|your bank> & more " + "x".repeat(5000);
    f.headline[0]!.label = "<@U123>";
    f.title = "T".repeat(400);
    const m = buildSlackReportMessage(f, links);
    expectWithinSlackLimits(m);
    const json = JSON.stringify(m);
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<https://evil.example");
    expect(json).not.toContain("<@U123>");
    expect(json).toContain("&lt;!channel&gt;");
  });

  it("states a period without mail and omits the PDF button without a PDF link", () => {
    const m = buildSlackReportMessage(sampleNoMailFigures(), { reportUrl: links.reportUrl });
    expect(JSON.stringify(m)).toContain(NO_MAIL_STATEMENT);
    expect(slackBlocks(m).find((b) => b.type === "actions")!.elements).toHaveLength(1);
  });
});

describe("buildTeamsReportMessage", () => {
  it("is a message with one Adaptive Card: headline facts, findings, and links, under Teams' size limit", () => {
    const m = buildTeamsReportMessage(sampleFigures(), links);
    expect(Buffer.byteLength(JSON.stringify(m))).toBeLessThan(TEAMS_MESSAGE_MAX_BYTES);
    const attachments = m.attachments as {
      contentType: string;
      content: { version: string; body: { type: string; facts?: { title: string; value: string }[] }[]; actions: { url: string }[] };
    }[];
    expect(attachments[0]!.contentType).toBe("application/vnd.microsoft.card.adaptive");
    const card = attachments[0]!.content;
    expect(card.version).toBe("1.4");
    const facts = card.body.find((b) => b.type === "FactSet")!.facts!;
    expect(facts).toContainEqual({ title: "Accepted", value: "96.4 %  ▼ −1.3 pt \\(worse\\)" });
    expect(card.actions.map((a) => a.url)).toEqual([links.reportUrl, links.pdfUrl]);
  });

  it("escapes Markdown so a figure's text cannot become a link, and caps huge text", () => {
    const f = sampleFigures();
    f.findings[0]!.sentence = "[click here](https://evil.example) " + "y".repeat(50_000);
    const m = buildTeamsReportMessage(f, links);
    const json = JSON.stringify(m);
    expect(Buffer.byteLength(json)).toBeLessThan(TEAMS_MESSAGE_MAX_BYTES);
    expect(json).not.toContain("[click here](https");
    expect(escapeTeams("[a](b) *c* _d_")).toBe("\\[a\\]\\(b\\) \\*c\\* \\_d\\_");
  });
});

describe("buildWebhookReportPayload", () => {
  it("carries the title, period, headline figures with raw values, findings and both links", () => {
    const p = buildWebhookReportPayload(sampleFigures(), links);
    expect(p).toMatchObject({
      type: "report",
      version: 1,
      title: "Weekly deliverability report",
      organization: { name: "Northwind Outfitters", slug: "northwind" },
      period: { label: "30 Nov – 6 Dec 2026" },
      reportUrl: links.reportUrl,
      pdfUrl: links.pdfUrl,
    });
    expect(p.headline[0]).toEqual({
      id: "accepted_rate",
      label: "Accepted",
      value: 0.9641,
      display: "96.4 %",
      delta: -0.0131,
      deltaDisplay: "−1.3 pt",
      trend: "worse",
    });
    expect(p.findings[0]!.evidenceUrl).toBe("https://app.inboxwatch.example/northwind/ips/203.0.113.7");
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    expect(buildWebhookReportPayload(sampleNoMailFigures(), { reportUrl: links.reportUrl }).pdfUrl).toBeNull();
  });
});
