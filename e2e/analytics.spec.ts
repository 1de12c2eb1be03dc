import { expect, test } from "@playwright/test";

import { DEMO, latestMailLink, login, signUpAndConfirm, uniqueEmail } from "./fixtures";

const PASSWORD = "analytics-e2e-password-1";

test("a marketing member reads the analytics, filters by provider, finds what the incident cost, and changes no infrastructure", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  // The demo owner invites a marketing member.
  await login(page, DEMO.email, DEMO.password);
  const marketer = uniqueEmail("marketing");
  await page.goto("/demo/settings/members");
  await page.getByLabel("Email").fill(marketer);
  await page.getByLabel("Role", { exact: true }).selectOption("MARKETING");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${marketer}`)).toBeVisible();
  const inviteLink = await latestMailLink(page, marketer, "/invite/");

  const context = await browser.newContext();
  const m = await context.newPage();
  await m.goto(inviteLink);
  await m.getByRole("link", { name: "Create an account" }).click();
  await signUpAndConfirm(m, marketer, PASSWORD, { prefilled: true });
  await m.getByRole("button", { name: "Accept invitation" }).click();
  await expect(m).toHaveURL(/\/demo$/);

  // The overview: headline KPIs over the last 30 days, from the demo's history.
  await m.getByRole("link", { name: "Analytics" }).click();
  await expect(m.getByRole("heading", { name: "Analytics", level: 1 })).toBeVisible();
  await expect(m.locator('[data-kpi="accepted_rate"]')).toHaveText(/^\d+(\.\d)? %$/);
  // Engagement is not reported by MTA logs: the proxy says so instead of 0 %.
  await expect(m.locator('[data-kpi="inbox_rate_proxy"]')).toHaveText("No data");

  // Filter by provider: the segment link filters every figure, and the filter is in the URL.
  await m.getByRole("button", { name: "Microsoft (Outlook, Hotmail, 365)" }).click();
  await expect(m).toHaveURL(/provider=microsoft/);
  await expect(m.getByText("Provider: microsoft")).toBeVisible();
  await expect(m.getByRole("tab", { name: "Sending domain", selected: true })).toBeVisible();
  await m.getByRole("button", { name: "Remove the provider filter" }).click();
  await expect(m).not.toHaveURL(/provider=/);

  // ROI: the incident of the blocklisting, its recovery and its cost, with the formula behind it.
  await m.getByRole("navigation", { name: "Analytics views" }).getByRole("link", { name: "ROI" }).click();
  const incident = m.getByRole("row", { name: /192\.0\.2\.11/ });
  await expect(incident).toBeVisible();
  await expect(incident.getByRole("cell").last()).toContainText("€");
  await incident.getByText("How is this computed?").click();
  await expect(incident.getByText("Messages lost to the dent")).toBeVisible();
  // Marketing owns the ROI inputs.
  await expect(m.getByRole("button", { name: "Save" })).toBeEnabled();

  // No infrastructure: the pages are read-only, and the server refuses a forged change.
  await m.goto("/demo/domains");
  await expect(m.getByRole("link", { name: "Add domain" })).toHaveCount(0);
  for (const [procedure, input] of [
    ["servers.create", { hostname: "forged.example" }],
    ["domains.create", { domain: "forged.example" }],
  ] as const) {
    const forged = await m.request.post(`/api/trpc/${procedure}?batch=1`, {
      headers: { "x-org-slug": "demo", "content-type": "application/json" },
      data: { "0": { json: input } },
    });
    expect(forged.status(), procedure).toBe(403);
  }
  await context.close();
});
