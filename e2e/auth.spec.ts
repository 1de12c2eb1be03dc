import { expect, test } from "@playwright/test";

import { DEMO, latestMailLink, login, uniqueEmail } from "./fixtures";

test("the demo login lands on the demo organization's overview", async ({ page }) => {
  await login(page, DEMO.email, DEMO.password);
  await expect(page).toHaveURL(/\/demo$/);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByText("Mail servers")).toBeVisible();
});

test("a wrong password gets a clear error", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(DEMO.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Wrong email or password")).toBeVisible();
});

test("a magic link from the outbox signs in once", async ({ page, browser }) => {
  const email = uniqueEmail("magic");
  await page.goto("/login");
  await page.getByLabel("Email me a sign-in link").fill(email);
  await page.getByRole("button", { name: "Send link" }).click();
  await expect(page.getByText("Check your inbox")).toBeVisible();
  const link = await latestMailLink(page, email, "/magic");
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/onboarding/);

  // The same link a second time, in a fresh browser, is refused.
  const other = await browser.newContext();
  const again = await other.newPage();
  await again.goto(link);
  await again.getByRole("button", { name: "Sign in" }).click();
  await expect(again.getByText("invalid, expired or already used")).toBeVisible();
  await other.close();
});
