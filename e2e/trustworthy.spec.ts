/**
 * Issue 21 on the demo organization: the rule form gives event rules settings that can fire and refuses
 * nonsense, and the incidents list shows recently resolved incidents by default.
 */
import { expect, test } from "@playwright/test";

import { DEMO, login } from "./fixtures";

test("the rule form gives a port-down rule one confirmation and refuses a bounce rate over 100 %", async ({ page }) => {
  await login(page, DEMO.email, DEMO.password);
  await page.goto("/demo/alerts/rules");
  await page.getByRole("button", { name: "New rule" }).click();

  // A state event: one confirmation by default, and no window or minimum message volume to get wrong.
  await page.getByLabel("Kind").selectOption("event");
  await page.getByLabel("Event").selectOption("port_down");
  await expect(page.getByLabel("Confirmations")).toHaveValue("1");
  await expect(page.getByLabel("Minimum volume (messages)")).toHaveCount(0);
  await expect(page.getByLabel("Window (minutes)")).toHaveCount(0);

  // A threshold over 100 % for a percentage is refused with a message naming the field.
  await page.getByLabel("Kind").selectOption("threshold");
  await page.getByLabel("Name", { exact: true }).fill("Impossible bounce rate");
  await page.getByLabel("Metric").selectOption("bounce_rate");
  await page.getByLabel("Value", { exact: true }).fill("150");
  await page.getByRole("button", { name: /^(Create|Save) rule$/ }).click();
  await expect(page.getByText(/must be between 0 and 100/i)).toBeVisible();
});

test("the incidents list offers open and recently resolved incidents by default", async ({ page }) => {
  await login(page, DEMO.email, DEMO.password);
  await page.goto("/demo/alerts");
  await expect(page.getByLabel("Status")).toHaveValue("current");
  await expect(page.getByRole("option", { name: "Open, or resolved in the last 24 h" })).toHaveCount(1);
});
