import { expect, type Page } from "@playwright/test";

export const DEMO = { email: "demo@inboxwatch.local", password: "inboxwatch-demo" };

export async function login(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** The newest link sent to `to`, read from the development outbox (mail is delivered by the worker). */
export async function latestMailLink(page: Page, to: string, pathPart: string): Promise<string> {
  const outbox = await page.context().newPage();
  let link: string | undefined;
  await expect(async () => {
    await outbox.goto("/dev/outbox");
    const message = outbox.locator(`article[data-to="${to}"]`).first();
    const text = await message.locator("pre").innerText({ timeout: 1_000 });
    link = text.match(new RegExp(`https?://\\S*${pathPart}\\S*`))?.[0];
    expect(link).toBeTruthy();
  }).toPass({ timeout: 20_000 });
  await outbox.close();
  const url = new URL(link!);
  return url.pathname + url.search;
}

/**
 * Password sign-up as a person does it: the form answers "check your inbox", the confirmation link from
 * the outbox asks for the password once more, and lands on `landing` (onboarding, or the callback).
 */
export async function signUpAndConfirm(
  page: Page,
  email: string,
  password: string,
  options: { callbackUrl?: string; prefilled?: boolean } = {},
): Promise<void> {
  if (!options.prefilled) {
    await page.goto(options.callbackUrl ? `/signup?callbackUrl=${encodeURIComponent(options.callbackUrl)}` : "/signup");
    await page.getByLabel("Work email").fill(email);
  }
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Check your inbox")).toBeVisible();
  await page.goto(await latestMailLink(page, email, "/verify"));
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Confirm and sign in" }).click();
  await expect(page).not.toHaveURL(/\/verify/);
}

export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@e2e.test`;
}
