import { expect, test } from "@playwright/test";

import { DEMO, login } from "./fixtures";

/** The demo's marketing member (prisma/seed.ts DEMO_MARKETING_LOGIN): analytics only. */
const MARKETER = { email: "marketing@inboxwatch.local", password: DEMO.password };

// Issue 13 "Done when": a marketing user signs in to the demo and, without help, finds the accepted and
// inbox-proxy rates by provider, the best acquisition cohort, the winner of the A/B test with its
// confidence, and the money the last incident cost — and reaches no infrastructure setting.
test("a marketing member finds the rates by provider, the best cohort, the experiment's winner and the incident's cost, and changes no infrastructure", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await login(page, MARKETER.email, MARKETER.password);
  const views = page.getByRole("navigation", { name: "Analytics views" });

  // The overview: headline KPIs over the last 30 days, from the demo's history and its ESP campaigns.
  await page.getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("heading", { name: "Analytics", level: 1 })).toBeVisible();
  await expect(page.locator('[data-kpi="accepted_rate"]')).toHaveText(/^\d+(\.\d)? %$/);
  // The inbox proxy is engagement-based over the ESP's tracked mail, and says it is a proxy.
  await expect(page.locator('[data-kpi="inbox_rate_proxy"]')).toHaveText(/^\d+(\.\d)? %$/);
  // The panels: a tile per SMTP port, 4xx / 5xx replies by code, queue depth against send latency.
  for (const port of [25, 587, 465]) await expect(page.locator(`[data-port-tile="${port}"]`)).toBeVisible();
  await expect(page.getByText(/^4xx \/ 5xx replies by code/)).toBeVisible();
  await expect(page.getByText(/^Queue depth vs send latency/)).toBeVisible();

  // Rates by provider: the segments table has an accepted and an inbox-proxy column per provider.
  const segments = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Inbox (proxy)" }) });
  const gmail = segments.getByRole("row").filter({ hasText: "Google" }).first();
  await expect(gmail).toBeVisible();
  await expect(gmail.getByRole("cell").nth(4)).toHaveText(/\d+(\.\d)? %/);
  // Filter by provider: the segment link filters every figure, and the filter is in the URL.
  await page.getByRole("button", { name: "Microsoft (Outlook, Hotmail, 365)" }).click();
  await expect(page).toHaveURL(/provider=microsoft/);
  await expect(page.getByText("Provider: microsoft")).toBeVisible();
  await page.getByRole("button", { name: "Remove the provider filter" }).click();
  await expect(page).not.toHaveURL(/provider=/);

  // Cohorts: the best acquisition cohort, with its interval and sample size.
  await views.getByRole("link", { name: "Cohorts" }).click();
  await expect(page.getByRole("heading", { name: "Cohorts", level: 1 })).toBeVisible();
  const best = page.getByRole("region", { name: "Best cohort" });
  await expect(best).toContainText(/organic|referral/);
  await expect(best).toContainText("CI");

  // Experiments: the subject-line test has a winner, stated with its confidence interval and test.
  await views.getByRole("link", { name: "Experiments" }).click();
  await page.getByRole("link", { name: "Newsletter subject: question vs statement" }).click();
  await expect(page.getByText(/wins: .*CI/).first()).toBeVisible();
  await expect(page.getByText(/Sequential test/).first()).toBeVisible();
  // The send-time test has none.
  await views.getByRole("link", { name: "Experiments" }).click();
  await page.getByRole("link", { name: "Black Friday promo: 09:00 vs 15:00" }).click();
  await expect(page.getByText(/No significant difference/).first()).toBeVisible();

  // ROI: the incident of the blocklisting, its recovery and its cost, with the formula behind it.
  await views.getByRole("link", { name: "ROI" }).click();
  const incident = page.getByRole("row", { name: /192\.0\.2\.11/ });
  await expect(incident).toBeVisible();
  await expect(incident.getByRole("cell").last()).toContainText("€");
  await incident.getByText("How is this computed?").click();
  await expect(incident.getByText("Messages lost to the dent")).toBeVisible();
  // Marketing owns the ROI inputs.
  await expect(page.getByRole("button", { name: "Save" })).toBeEnabled();

  // No infrastructure: the pages are read-only, and the server refuses a forged change.
  await page.goto("/demo/domains");
  await expect(page.getByRole("link", { name: "Add domain" })).toHaveCount(0);
  for (const [procedure, input] of [
    ["servers.create", { hostname: "forged.example" }],
    ["domains.create", { domain: "forged.example" }],
  ] as const) {
    const forged = await page.request.post(`/api/trpc/${procedure}?batch=1`, {
      headers: { "x-org-slug": "demo", "content-type": "application/json" },
      data: { "0": { json: input } },
    });
    expect(forged.status(), procedure).toBe(403);
  }
});
