import { describe, expect, it } from "vitest";

import { type ReportFigures } from "../figures.ts";
import { sampleFigures, sampleNoMailFigures } from "../testing/sample-figures.ts";
import { renderToStaticMarkup } from "react-dom/server";

import { ReportView, renderReportHtml } from "./document.tsx";
import { NO_MAIL_STATEMENT } from "./format.ts";

/** The text React wrote for a string: the document escapes &, <, > and quotes. */
function html(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

describe("renderReportHtml", () => {
  const figures = sampleFigures();
  const leadership = renderReportHtml(figures);

  it("is one standalone document with the org, title, period and scope", () => {
    expect(leadership.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true);
    expect(leadership).toContain("Northwind Outfitters");
    expect(leadership).toContain("Weekly deliverability report");
    expect(leadership).toContain("30 Nov – 6 Dec 2026");
    expect(leadership).toContain("All domains and servers");
    expect(leadership).toMatch(/<img src="data:image\/svg\+xml;base64,[^"]+" alt="Northwind Outfitters"/);
    // Nothing to fetch: no http(s) resource anywhere (links are <a href>, which load nothing).
    expect(leadership).not.toMatch(/(src|srcset)="https?:/);
  });

  it("shows every headline figure with its delta and a sparkline stating the days' figures", () => {
    for (const k of figures.headline) {
      expect(leadership).toContain(`>${k.display}<`);
      if (k.deltaDisplay) expect(leadership).toContain(k.deltaDisplay);
    }
    expect(leadership).toContain('aria-label="Accepted by day: Mon 30 97.8 %');
    expect(leadership).toContain("Sun 6 no figure");
  });

  it("prints each narrative sentence and finding with its facts, and links the evidence", () => {
    for (const n of figures.narrative) {
      expect(leadership).toContain(html(n.sentence));
      for (const f of n.facts) expect(leadership).toContain(html(f.value));
    }
    for (const f of figures.findings) {
      expect(leadership).toContain(html(f.sentence));
      for (const fact of f.facts) expect(leadership).toContain(`${html(fact.label)}: <b>${html(fact.value)}</b>`);
    }
    expect(leadership).toContain('href="https://app.inboxwatch.example/northwind/ips/203.0.113.7"');
    expect(leadership).toContain('href="https://app.inboxwatch.example/northwind/dmarc/sources?result=fail"');
    for (const a of figures.actions) expect(leadership).toContain(html(a.text));
  });

  it("orders findings worst first", () => {
    expect(leadership.indexOf("Critical")).toBeLessThan(leadership.indexOf("Warning"));
    expect(leadership.indexOf("Warning")).toBeLessThan(leadership.indexOf("Good news"));
  });

  it("gives each audience its own sections after the leadership page", () => {
    const ops = renderReportHtml(figures, { audience: "ops" });
    const marketing = renderReportHtml(figures, { audience: "marketing" });
    // leadership: ROI and a short incident list, no appendix or campaigns
    expect(leadership).toContain("Return on deliverability");
    expect(leadership).toContain("€18,940");
    expect(leadership).toContain("Microsoft deferrals above 5 % from mx-out-1");
    expect(leadership).not.toContain("Technical appendix");
    expect(leadership).not.toContain("Winter sale — week 1");
    expect(leadership).not.toContain(html(figures.incidents[0]!.comments[0]!.text));
    // ops: ports per server, reply codes, providers, drift, incident comments, DMARC, complaints
    expect(ops).toContain("Technical appendix");
    expect(ops).toContain("relay.eu.northwind.example");
    expect(ops).toContain("98.46 %");
    expect(ops).toContain("451 4.7.650");
    expect(ops).toContain("Deferral rate by provider: ");
    expect(ops).toContain("listed on Spamhaus ZEN");
    expect(ops).toContain(html(figures.incidents[0]!.comments[1]!.text));
    expect(ops).toContain("mailer.crm-cloud.example");
    expect(ops).toContain("Yahoo sender best practices, Feb 2024");
    expect(ops).not.toContain("Return on deliverability");
    // marketing: campaigns, cohorts, experiments and ROI; no appendix
    expect(marketing).toContain("Winter sale — week 1");
    expect(marketing).toContain("Click rate by campaign");
    expect(marketing).toContain("Checkout opt-in × Apple iCloud");
    expect(marketing).toContain("Newsletter 49 subject line");
    expect(marketing).toContain("Return on deliverability");
    expect(marketing).not.toContain("Technical appendix");
    expect(marketing).not.toContain("451 4.7.650");
    expect(ops).toContain('data-audience="ops"');
  });

  it("says plainly that no mail was sent, without empty rates, and still shows ports, incidents and drift", () => {
    const f = sampleNoMailFigures();
    const page = renderReportHtml(f, { audience: "ops" });
    expect(page).toContain(NO_MAIL_STATEMENT);
    expect(page).not.toContain(">no data<");
    expect(page).not.toContain("Accepted by day");
    expect(page).toContain("Port 25 uptime");
    expect(page).toContain("mx-out-1.northwind.example");
    expect(page).toContain("Port 465 unreachable on relay.eu.northwind.example");
    expect(page).toContain("listed on Spamhaus ZEN");
    expect(page).not.toContain("Mailbox providers");
    expect(renderReportHtml(f, { audience: "marketing" })).toContain(NO_MAIL_STATEMENT);
  });

  it("escapes hostile strings from the figures", () => {
    const f = sampleFigures();
    const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
    f.incidents[0]!.comments[0]!.text = hostile;
    f.incidents[0]!.title = hostile;
    f.org.name = hostile;
    f.findings[0]!.facts[0]!.value = hostile;
    f.scope.label = hostile;
    f.providers[0]!.label = hostile;
    f.org.logoDataUrl = "https://tracker.example/pixel.gif";
    const page = renderReportHtml(f, { audience: "ops" });
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(page).not.toContain("tracker.example");
  });

  it("renders the same body as a component inside another page, with or without its stylesheet", () => {
    const f = sampleFigures();
    const body = renderToStaticMarkup(ReportView({ figures: f, audience: "marketing", withStyles: false }));
    expect(body.startsWith('<div class="iw-report" data-audience="marketing">')).toBe(true);
    expect(body).not.toContain("<style");
    expect(body).not.toContain("<html");
    expect(body).toContain("Winter sale — week 1");
    expect(renderToStaticMarkup(ReportView({ figures: f }))).toContain("<style>");
  });

  it("refuses figures of a version it does not know", () => {
    const f = { ...sampleFigures(), version: 2 } as unknown as ReportFigures;
    expect(() => renderReportHtml(f)).toThrow(/version 2 is not supported/);
  });
});
