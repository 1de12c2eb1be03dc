/**
 * Issue 21 item 11: the Servers, Domains and IPs lists show live status (a state pill per port, grades
 * or "could not check", listings) with a sparkline per row; a server gets a custom port with its TLS
 * mode and an EHLO name from the form, validated before anything is sent.
 */
import { expect, test } from "@playwright/test";

import { DEMO, login } from "./fixtures";

test.beforeEach(async ({ page }) => {
  await login(page, DEMO.email, DEMO.password);
});

test("the demo's lists show status pills, grades or 'could not check', and a sparkline per row", async ({ page }) => {
  await page.goto("/demo/servers");
  const serverRows = page.locator("tbody tr");
  await expect(serverRows.first()).toBeVisible();
  const servers = await serverRows.count();
  // Every server row: its ports as state pills (the state written out, with a screen-reader sentence) and a sparkline.
  for (let i = 0; i < servers; i++) {
    const row = serverRows.nth(i);
    await expect(row.locator("[data-state]").first()).toBeVisible();
    await expect(row.locator("svg[data-sparkline]")).toHaveCount(1);
  }
  await expect(page.locator("[data-state]").first()).toHaveText(/\b(UP|DOWN|DEGRADED|UNKNOWN)\b/);
  await expect(page.getByRole("img", { name: /mean probe latency per hour over 24 h/ }).first()).toBeVisible();

  // A server's probe history: each row says it expands (a chevron button with aria-expanded) and opens under itself.
  await page.getByRole("link", { name: "smtp.acme-mail.example" }).click();
  const expand = page.getByRole("button", { name: /^Show details of the probe of / }).first();
  await expect(expand).toBeVisible({ timeout: 30_000 });
  await expect(expand).toHaveAttribute("aria-expanded", "false");
  const detailId = await expand.getAttribute("aria-controls");
  await expand.click();
  const collapse = page.getByRole("button", { name: /^Hide details of the probe of / });
  await expect(collapse).toHaveAttribute("aria-expanded", "true");
  await expect(page.locator(`tr[id="${detailId}"]`)).toBeVisible();
  await collapse.click();
  await expect(page.locator(`tr[id="${detailId}"]`)).toHaveCount(0);

  await page.goto("/demo/domains");
  const domainRows = page.locator("tbody tr");
  await expect(domainRows.first()).toBeVisible();
  for (let i = 0; i < (await domainRows.count()); i++) {
    const row = domainRows.nth(i);
    await expect(row.locator("svg[data-sparkline]")).toHaveCount(1);
    // A grade, "could not check" (never a grade for a check that did not run), or not checked yet.
    await expect(row).toContainText(/\b[ABCDF]\b|could not check|not checked yet/);
  }
  await expect(page.getByRole("img", { name: /worst grade per day/ }).first()).toBeVisible();

  await page.goto("/demo/ips");
  const ipRows = page.locator("tbody tr");
  await expect(ipRows.first()).toBeVisible();
  for (let i = 0; i < (await ipRows.count()); i++) {
    const row = ipRows.nth(i);
    await expect(row.locator("svg[data-sparkline]")).toHaveCount(1);
    await expect(row).toContainText(/\d+ of \d+|could not check|not checked yet/);
  }
  await expect(page.getByRole("img", { name: /blocklist listings per day/ }).first()).toBeVisible();
});

test("a server with a custom port and an EHLO name: validated in the form, listed with its port", async ({ page }) => {
  const hostname = `custom-${Date.now().toString(36)}.lists.example`;
  await page.goto("/demo/servers/new");
  await page.getByLabel("Hostname").fill(hostname);
  await page.getByRole("button", { name: "Add a custom port" }).click();
  await page.getByLabel("Custom port 1", { exact: true }).fill("587");
  await expect(page.getByText("Port 587 is a standard port: tick it above")).toBeVisible();
  await page.getByLabel("Custom port 1", { exact: true }).fill("70000");
  await expect(page.getByText("Ports are 1–65535")).toBeVisible();
  await page.getByLabel("Custom port 1", { exact: true }).fill("2525");
  await page.getByLabel("TLS mode of custom port 1").selectOption("tls");
  await page.getByLabel("EHLO name (optional)").fill("not a host name");
  await page.getByRole("button", { name: "Add server" }).click();
  await expect(page.getByText(/A host name like probe\.example\.com/)).toBeVisible();
  await expect(page).toHaveURL(/\/servers\/new$/);
  await page.getByLabel("EHLO name (optional)").fill("probe.lists.example");
  await page.getByRole("button", { name: "Add server" }).click();
  await expect(page).toHaveURL(/\/demo\/servers\/[a-z0-9]+$/);
  // The form on the server's page reads back what was stored.
  await expect(page.getByLabel("Custom port 1", { exact: true })).toHaveValue("2525");
  await expect(page.getByLabel("TLS mode of custom port 1")).toHaveValue("tls");
  await expect(page.getByLabel("EHLO name (optional)")).toHaveValue("probe.lists.example");

  await page.goto("/demo/servers");
  const row = page.locator("tbody tr", { hasText: hostname });
  await expect(row.locator("[data-state]")).toHaveCount(4);
  // The pill's sentence (its title and what a screen reader reads) names host:port and the mode.
  await expect(row.locator('[data-state][title^="' + hostname + ':2525 (TLS): "]')).toHaveCount(1);
  await expect(row).toContainText("EHLO probe.lists.example");
});
