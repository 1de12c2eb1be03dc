/**
 * Issue 6's "done when": a new organization points its DMARC rua, its feedback loop and its TLS-RPT rua
 * at the platform and, within a minute, sees its senders and their alignment, the complaint and the TLS
 * results. The reports arrive the way providers send them: mail to the worker's report SMTP receiver,
 * addressed to the plus-addresses the Reports page tells the user to publish.
 *
 * The receiver listens on a fixed port the config knows (the platform starts before any spec):
 * playwright.config.ts sets `process.env.E2E_SMTP_PORT ??= "3125"` and passes REPORT_SMTP_ENABLED and
 * REPORT_SMTP_PORT to the worker.
 */
import { gzipSync } from "node:zlib";

import { expect, test, type Page } from "@playwright/test";
import nodemailer from "nodemailer";

import { signUpAndConfirm, uniqueEmail } from "./fixtures";

const PASSWORD = "a long enough password";
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 0);
/** The promise: reports show within a minute of arriving. */
const SEEN_WITHIN_MS = 60_000;
const DOMAIN = "e2e-reports.example";
const REPORTER = "E2E Receiver Inc.";

if (!SMTP_PORT) throw new Error("E2E_SMTP_PORT is not set: playwright.config.ts must enable the worker's report SMTP receiver on it");

/** Today's UTC day, as reporters cover it. */
function today(): { begin: number; end: number; day: string } {
  const start = new Date();
  start.setUTCHours(0, 0, 0, 0);
  const begin = Math.floor(start.getTime() / 1000);
  return { begin, end: begin + 86_399, day: start.toISOString().slice(0, 10) };
}

function aggregateReport(reportId: string): Buffer {
  const { begin, end } = today();
  const record = (ip: string, count: number, dkim: string, spf: string) =>
    `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition><dkim>${dkim}</dkim><spf>${spf}</spf></policy_evaluated></row>` +
    `<identifiers><header_from>${DOMAIN}</header_from></identifiers><auth_results><dkim><domain>${DOMAIN}</domain><selector>s1</selector><result>${dkim}</result></dkim><spf><domain>${DOMAIN}</domain><result>${spf}</result></spf></auth_results></record>`;
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?><feedback><report_metadata><org_name>${REPORTER}</org_name><email>dmarc@receiver.example</email><report_id>${reportId}</report_id>` +
    `<date_range><begin>${begin}</begin><end>${end}</end></date_range></report_metadata><policy_published><domain>${DOMAIN}</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>` +
    record("203.0.113.77", 120, "pass", "fail") +
    record("198.51.100.9", 30, "fail", "fail") +
    `</feedback>`;
  return gzipSync(Buffer.from(xml));
}

function tlsReport(reportId: string): Buffer {
  const { day } = today();
  return gzipSync(
    Buffer.from(
      JSON.stringify({
        "organization-name": REPORTER,
        "date-range": { "start-datetime": `${day}T00:00:00Z`, "end-datetime": `${day}T23:59:59Z` },
        "contact-info": "tlsrpt@receiver.example",
        "report-id": reportId,
        policies: [
          {
            policy: {
              "policy-type": "sts",
              "policy-string": ["version: STSv1", "mode: enforce", `mx: mx.${DOMAIN}`, "max_age: 86400"],
              "policy-domain": DOMAIN,
              "mx-host": [`mx.${DOMAIN}`],
            },
            summary: { "total-successful-session-count": 90, "total-failure-session-count": 4 },
            "failure-details": [
              {
                "result-type": "certificate-expired",
                "sending-mta-ip": "203.0.113.77",
                "receiving-mx-hostname": `mx.${DOMAIN}`,
                "failed-session-count": 4,
              },
            ],
          },
        ],
      }),
    ),
  );
}

/** An ARF complaint (RFC 5965) about one newsletter of the domain, as a feedback loop sends it. */
function complaint(token: string, inboundHost: string): string {
  const now = new Date().toUTCString();
  return [
    "From: fbl@receiver.example",
    `To: fbl+${token}@${inboundHost}`,
    "Subject: FW: E2E newsletter",
    `Date: ${now}`,
    `Message-ID: <arf-${Date.now()}@receiver.example>`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=feedback-report; boundary="arf"',
    "",
    "--arf",
    "Content-Type: text/plain",
    "",
    "This is an email abuse report for an email message received from IP 203.0.113.77.",
    "--arf",
    "Content-Type: message/feedback-report",
    "",
    "Feedback-Type: abuse",
    "User-Agent: ReceiverFBL/1.0",
    "Version: 1",
    "Source-IP: 203.0.113.77",
    "Original-Rcpt-To: <reader@receiver.example>",
    `Arrival-Date: ${now}`,
    "--arf",
    "Content-Type: message/rfc822",
    "",
    `From: News <news@${DOMAIN}>`,
    "To: reader@receiver.example",
    "Subject: E2E newsletter",
    `Message-ID: <news-${Date.now()}@${DOMAIN}>`,
    `List-Id: Weekly news <weekly.${DOMAIN}>`,
    `Date: ${now}`,
    "",
    "Our weekly news.",
    "--arf--",
    "",
  ].join("\r\n");
}

async function createOrganization(page: Page, slug: string) {
  await signUpAndConfirm(page, uniqueEmail("reports"), PASSWORD);
  await expect(page).toHaveURL(/\/onboarding/);
  await page.getByLabel("Organization name").fill("Reports Intake Co");
  await page.getByLabel("Address").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
}

/** Reloads the page until `text` shows: the user waiting for their reports to come in. */
async function seeWithinAMinute(page: Page, tab: string, text: string | RegExp) {
  await expect(async () => {
    await page.reload();
    await page.getByRole("button", { name: tab, exact: true }).click();
    await expect(page.getByText(text).first()).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: SEEN_WITHIN_MS });
}

test("reports mailed to the addresses on the Reports page show as senders, a complaint and TLS results within a minute", async ({
  page,
}) => {
  const slug = `reports-${Date.now().toString(36)}`;
  await createOrganization(page, slug);
  await page.goto(`/${slug}/reports`);
  // The address the Setup card tells the user to put in rua=mailto:.
  const setup = await page
    .getByText(/rua=mailto:dmarc\+/)
    .first()
    .innerText();
  const [, token, inboundHost] = /dmarc\+([0-9a-z]+)@([a-z0-9.-]+)/i.exec(setup) ?? [];
  expect(token, "the Setup card shows the organization's dmarc+ address").toBeTruthy();
  if (!token || !inboundHost) return;

  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: SMTP_PORT, secure: false, ignoreTLS: true });
  const { begin, end } = today();
  await transport.sendMail({
    from: "dmarc@receiver.example",
    to: `dmarc+${token}@${inboundHost}`,
    subject: `Report Domain: ${DOMAIN} Submitter: receiver.example Report-ID: <e2e-${begin}>`,
    text: "DMARC aggregate report attached.",
    attachments: [
      {
        filename: `receiver.example!${DOMAIN}!${begin}!${end}.xml.gz`,
        content: aggregateReport(`e2e-${begin}-${Date.now()}`),
        contentType: "application/gzip",
      },
    ],
  });
  await transport.sendMail({
    from: "tlsrpt@receiver.example",
    to: `tlsrpt+${token}@${inboundHost}`,
    subject: `Report Domain: ${DOMAIN} Submitter: receiver.example Report-ID: <tls-${begin}>`,
    text: "TLS report attached.",
    attachments: [
      {
        filename: `receiver.example!${DOMAIN}!${begin}!${end}!tls.json.gz`,
        content: tlsReport(`tls-${begin}-${Date.now()}`),
        contentType: "application/tlsrpt+gzip",
      },
    ],
  });
  await transport.sendMail({
    envelope: { from: "fbl@receiver.example", to: `fbl+${token}@${inboundHost}` },
    raw: complaint(token, inboundHost),
  });

  // Senders and alignment: the reporter, and the unknown source that signs with DKIM but fails SPF.
  await seeWithinAMinute(page, "DMARC", REPORTER);
  const source = page.getByRole("row").filter({ hasText: "203.0.113.77" });
  await expect(source).toContainText("unknown");
  await expect(source).toContainText("120");
  await expect(page.getByRole("row").filter({ hasText: "198.51.100.9" })).toContainText("0.0 %");

  // The complaint, with the newsletter it is about.
  await seeWithinAMinute(page, "Complaints", "E2E newsletter");
  await expect(page.getByRole("row").filter({ hasText: "E2E newsletter" })).toContainText("abuse");

  // TLS results: the STS policy's sessions and the failure by result type and MX.
  await seeWithinAMinute(page, "TLS", "certificate-expired");
  await expect(page.getByRole("row").filter({ hasText: DOMAIN }).first()).toContainText("90");
  await expect(page.getByRole("row").filter({ hasText: "certificate-expired" })).toContainText(`mx.${DOMAIN}`);
});
