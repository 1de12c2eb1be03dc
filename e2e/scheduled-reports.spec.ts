import { expect, type Page, test } from "@playwright/test";

import { DEMO, login } from "./fixtures";

/** The demo's read-only member (prisma/seed.ts). */
const VIEWER = { email: "viewer@inboxwatch.local", password: DEMO.password };

/** The worker computes the figures and prints the PDF with Chromium: seconds, but the first launch is slow. */
const BUILD_TIMEOUT_MS = 120_000;

/** The report's headline figures, inside the sandboxed frame the page shows it in. */
async function expectHeadlineFigures(page: Page, frameTitle: string | RegExp): Promise<void> {
  const frame = page.frameLocator(typeof frameTitle === "string" ? `iframe[title="${frameTitle}"]` : "iframe");
  await expect(frame.locator(".iw-card-label").first()).toBeVisible();
  await expect(
    frame
      .locator(".iw-card-label")
      .filter({ hasText: /accepted/i })
      .first(),
  ).toBeVisible();
  await expect(frame.locator(".iw-card-value").first()).toHaveText(/\d|no data|not enough/i);
}

// Issue 14 "Done when": a user defines a weekly report in under a minute, receives it (the delivery log
// shows the external address sent), opens it from the archive, and shares it by link — which works
// without a login until it is revoked, and then answers 404.
test("the owner defines a weekly report in under a minute, sends it now, opens it from the archive and shares it by link until revoked", async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  await login(page, DEMO.email, DEMO.password);
  await page.goto("/demo/scheduled-reports");
  await expect(page.getByRole("heading", { name: "Scheduled reports", level: 1 })).toBeVisible();

  // Defining it: the form is prefilled for a weekly leadership report, so a name and an address suffice.
  const started = Date.now();
  await page.getByRole("link", { name: "New report" }).first().click();
  const name = `Weekly for the board ${Date.now().toString(36)}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await expect(page.getByRole("radio", { name: "Weekly" })).toHaveAttribute("aria-checked", "true");
  await page.getByLabel("Day", { exact: true }).selectOption({ label: "Monday" });
  await page.getByLabel("Time", { exact: true }).selectOption({ label: "08:00" });
  await page.getByRole("radio", { name: /Leadership/ }).check();
  await page.getByLabel("External addresses").fill("board@example.com\nnot-an-address");
  await page.getByRole("button", { name: "Create report" }).click();
  // Checked before it is sent: the bad line is named, and nothing is created.
  await expect(page.getByText("Not an email address: not-an-address")).toBeVisible();
  await page.getByLabel("External addresses").fill("board@example.com");
  await page.getByRole("button", { name: "Create report" }).click();
  await expect(page).toHaveURL(/\/demo\/scheduled-reports\/definitions\/[^/?]+/);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const elapsedMs = Date.now() - started;
  expect(elapsedMs, `defining the report took ${elapsedMs} ms`).toBeLessThan(60_000);
  await expect(page.getByText(/^Every Monday at 8:00 \(/).first()).toBeVisible();

  // Send now: the new edition is linked, and builds.
  await page.getByRole("button", { name: "Send now" }).click();
  await page.getByRole("link", { name: "Open the report" }).click();
  await expect(page).toHaveURL(/\/demo\/scheduled-reports\/(?!definitions)[^/]+$/);
  const editionPath = new URL(page.url()).pathname;
  const title = page.getByRole("heading", { level: 1 });
  await expect(title).toContainText("·");
  const editionTitle = (await title.innerText()).trim();
  /** "Weekly deliverability report" of "Weekly deliverability report · 30 Nov – 6 Dec 2026". */
  const reportName = editionTitle.split(" · ")[0] ?? editionTitle;

  // The worker builds it: the page polls from "Building" to "Ready" and shows the report.
  await expect(page.getByText("Ready", { exact: true }).first()).toBeVisible({ timeout: BUILD_TIMEOUT_MS });
  await expect(page.getByRole("link", { name: "Download PDF" })).toHaveAttribute("href", `${editionPath}/pdf`);
  const pdf = await page.request.get(`${editionPath}/pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toContain("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  // The external address received it (the e2e platform's mail goes to the development outbox).
  const delivery = page.getByRole("row").filter({ hasText: "board@example.com" });
  await expect(delivery).toBeVisible();
  await expect(delivery.getByText("Sent", { exact: true })).toBeVisible({ timeout: 60_000 });

  // The archive lists it; opening it from there shows the report's headline figures.
  await page.getByRole("link", { name: "Scheduled reports" }).first().click();
  const archive = page.getByRole("table", { name: "Archive" });
  const row = archive.getByRole("row").filter({ has: page.locator(`a[href="${editionPath}"]`) });
  await expect(row).toContainText("Sent now");
  await expect(row).toContainText("Ready");
  await row.getByRole("link", { name: editionTitle }).click();
  await expect(page).toHaveURL(new RegExp(`${editionPath}$`));
  await expectHeadlineFigures(page, editionTitle);

  // Share: a 7-day link, shown once; it opens the report in a browser that is not signed in.
  await page.getByLabel("Expires after").selectOption("7");
  await page.getByRole("button", { name: "Create link" }).click();
  const link = await page.getByRole("textbox", { name: "Share link" }).inputValue();
  expect(link).toMatch(/\/share\/reports\/[A-Za-z0-9_-]{20,}$/);
  const sharePath = new URL(link).pathname;
  const stranger = await browser.newContext();
  const guest = await stranger.newPage();
  const opened = await guest.goto(sharePath);
  expect(opened?.status()).toBe(200);
  // The share page may show the document itself or in a frame: look in every frame.
  await expect
    .poll(async () => {
      for (const frame of guest.frames()) {
        const text = await frame
          .locator("body")
          .innerText({ timeout: 1_000 })
          .catch(() => "");
        if (text.includes(reportName)) return true;
      }
      return false;
    })
    .toBe(true);
  await expect(guest).toHaveURL(new RegExp(`${sharePath}$`)); // no login redirect

  // The list counts the view (newest link first; the build made one for the external address too);
  // revoking the link makes it a 404.
  await page.reload();
  const shareRow = page.getByRole("row").filter({ hasText: "Live" }).first();
  await expect(shareRow.getByRole("cell").nth(2)).toHaveText(/^1\b/);
  await shareRow.getByRole("button", { name: "Revoke" }).click();
  await shareRow.getByRole("button", { name: "Revoke link" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Revoked" })).toHaveCount(1);
  const revoked = await guest.goto(sharePath);
  expect(revoked?.status()).toBe(404);
  await stranger.close();
});

test("a viewer sees the reports and the archive but no way to create, send or delete one", async ({ page }) => {
  await login(page, VIEWER.email, VIEWER.password);
  await page.goto("/demo/scheduled-reports");
  await expect(page.getByRole("heading", { name: "Scheduled reports", level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: "Archive" }).or(page.getByText("Nothing in the archive yet"))).toBeVisible();
  await expect(page.getByRole("link", { name: "New report" })).toHaveCount(0);
  // A definition made by the owner (the test above) opens read-only.
  const definition = page.locator('a[href^="/demo/scheduled-reports/definitions/"]').first();
  if (await definition.count()) {
    await definition.click();
    await expect(page.getByRole("button", { name: "Preview" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Send now" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  }
  // The server refuses a forged create all the same.
  const forged = await page.request.post("/api/trpc/scheduledReports.definitions.create?batch=1", {
    headers: { "x-org-slug": "demo", "content-type": "application/json" },
    data: {
      "0": { json: { name: "Forged", cadence: "weekly", weekday: 1, audience: "leadership", recipientEmails: ["x@example.com"] } },
    },
  });
  expect(forged.status()).toBe(403);
});

test("the owner sets the organization's time zone and logo for reports: schedules follow the new zone, and both can be undone", async ({
  page,
}) => {
  await login(page, DEMO.email, DEMO.password);
  await page.goto("/demo/settings");
  const form = page.getByRole("form", { name: "Report settings" });
  const zone = form.getByLabel("Time zone");
  const before = await zone.inputValue();
  const other = before === "America/New_York" ? "Asia/Tokyo" : "America/New_York";
  await zone.selectOption(other);
  // A 1×1 PNG: the preview shows the chosen file before it is saved.
  await form.locator('input[type="file"]').setInputFiles({
    name: "logo.png",
    mimeType: "image/png",
    buffer: Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4DwAAAQEABRjYTgAAAABJRU5ErkJggg==", "base64"),
  });
  await expect(form.getByRole("img", { name: "Organization logo" })).toBeVisible();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Saved.")).toBeVisible();

  // Every schedule is now described, and its next send computed, in the new zone.
  await page.goto("/demo/scheduled-reports");
  await expect(page.getByText(`(${other})`).first()).toBeVisible();

  // Undone: the zone back, the logo removed.
  await page.goto("/demo/settings");
  await expect(zone).toHaveValue(other);
  await form.getByRole("button", { name: "Remove" }).click();
  await zone.selectOption(before);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Saved.")).toBeVisible();
  await expect(form.getByText("No logo")).toBeVisible();
});
