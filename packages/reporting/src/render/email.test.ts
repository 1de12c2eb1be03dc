import { describe, expect, it } from "vitest";

import { sampleFigures, sampleNoMailFigures } from "../testing/sample-figures.ts";
import { renderReportEmail } from "./email.tsx";
import { NO_MAIL_STATEMENT } from "./format.ts";

const reportUrl = "https://app.inboxwatch.example/northwind/scheduled-reports/ed_1?utm=mail&x=1";

describe("renderReportEmail", () => {
  it("builds a table layout with inline styles, the headline figures, top findings and the report button", async () => {
    const figures = sampleFigures();
    const mail = await renderReportEmail(figures, { reportUrl, pdfAttached: true });
    expect(mail.subject).toBe("Weekly deliverability report · 30 Nov – 6 Dec 2026 · Northwind Outfitters");
    // Layout by tables and inline styles; no <style> sheet or <svg> that Gmail and Outlook drop.
    expect(mail.html).toMatch(/<table[^>]*role="presentation"/);
    expect(mail.html).toMatch(/<td style="[^"]+"/);
    expect(mail.html).not.toContain("<svg");
    expect(mail.html).not.toMatch(/<link [^>]*stylesheet/);
    for (const k of figures.headline) {
      expect(mail.html).toContain(k.display);
      expect(mail.html).toContain(k.deltaDisplay!);
    }
    expect(mail.html).toContain("▼ −1.3 pt");
    expect(mail.html).toContain("Microsoft deferrals rose 4.1× after IP 203.0.113.7");
    expect(mail.html).toContain('href="https://app.inboxwatch.example/northwind/ips/203.0.113.7"');
    // Only the three worst findings; the good news stays in the full report.
    expect(mail.html).not.toContain("DMARC pass rose to 97.8 %");
    expect(mail.html).toContain(`href="${reportUrl.replace(/&/g, "&amp;")}"`);
    expect(mail.html).toContain("View the full report");
    expect(mail.html).toContain("attached as a PDF");
    expect(mail.text).toMatch(/^Accepted +96\.4 % +▼ −1\.3 pt$/m);
    expect(mail.text).toContain("Microsoft deferrals rose 4.1×");
    expect(mail.text).toContain(reportUrl);
    expect(mail.text).toContain("attached as a PDF");
    expect(mail.text).not.toContain("<");
  });

  it("leaves out the attachment line without a PDF and states a period without mail", async () => {
    const mail = await renderReportEmail(sampleNoMailFigures(), { reportUrl, pdfAttached: false });
    expect(mail.html).not.toContain("attached as a PDF");
    expect(mail.html).toContain(NO_MAIL_STATEMENT);
    expect(mail.text).toContain(NO_MAIL_STATEMENT);
    expect(mail.html).toContain("99.7 %");
    expect(mail.html).not.toContain("no data");
  });

  it("escapes hostile strings and keeps the subject on one line", async () => {
    const f = sampleFigures();
    f.org.name = "Evil\r\nBcc: victim@example.com <script>alert(1)</script>";
    f.findings[0]!.sentence = `<img src=x onerror=alert(1)> & "quoted"`;
    const mail = await renderReportEmail(f, { reportUrl, pdfAttached: false });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<img src=x");
    expect(mail.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
