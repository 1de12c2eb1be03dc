/**
 * Issue 20's account findings, played end to end through the production build, the worker that delivers
 * the mail and the development outbox. Specs that play other clients send their own X-Forwarded-For
 * (playwright.config trusts the loopback peer as a proxy), so their rate limits never touch the other specs.
 */
import { expect, test, type BrowserContext, type Page } from "@playwright/test";

import { DEMO, latestMailLink, login, uniqueEmail } from "./fixtures";

const PASSWORD = "a long enough password";

/** A browser context that presents itself as client `ip` through the trusted proxy. */
async function asClient(context: BrowserContext, ip: string): Promise<Page> {
  await context.setExtraHTTPHeaders({ "x-forwarded-for": ip });
  return context.newPage();
}

async function tryPassword(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("account pre-hijacking: the attacker's sign-up owns nothing and loses its password when the victim signs in by link", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const victim = uniqueEmail("victim");
  const attackerContext = await browser.newContext();
  const attacker = await asClient(attackerContext, "203.0.113.10");

  // The attacker signs up with the victim's address: the answer is "check your inbox", and no session.
  await attacker.goto("/signup");
  await attacker.getByLabel("Work email").fill(victim);
  await attacker.getByLabel("Password").fill("attacker's password");
  await attacker.getByRole("button", { name: "Create account" }).click();
  await expect(attacker.getByText("Check your inbox")).toBeVisible();
  await tryPassword(attacker, victim, "attacker's password");
  await expect(attacker.getByText("Confirm your address first")).toBeVisible();
  await attacker.goto("/onboarding");
  await expect(attacker).toHaveURL(/\/login/);

  // The victim later signs in by link, creates an organization and adds a server.
  const victimContext = await browser.newContext();
  const page = await asClient(victimContext, "203.0.113.11");
  await page.goto("/login");
  await page.getByLabel("Email me a sign-in link").fill(victim);
  await page.getByRole("button", { name: "Send link" }).click();
  await expect(page.getByText("Check your inbox")).toBeVisible();
  await page.goto(await latestMailLink(page, victim, "/magic"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/onboarding/);
  const slug = `victim-${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill("Victim Co");
  await page.getByLabel("Address").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await page.goto(`/${slug}/servers/new`);
  await page.getByLabel("Hostname").fill("mx.victim.example");
  await page.getByRole("button", { name: "Add server" }).click();
  await expect(page.getByRole("heading", { name: "mx.victim.example" })).toBeVisible();

  // The attacker's password is gone: no way into the victim's organization.
  await tryPassword(attacker, victim, "attacker's password");
  await expect(attacker.getByText("Wrong email or password")).toBeVisible();
  const forged = await attacker.request.get(`/api/trpc/servers.list?batch=1&input=${encodeURIComponent('{"0":{"json":null}}')}`, {
    headers: { "x-org-slug": slug },
  });
  expect([401, 404]).toContain(forged.status());
  await attackerContext.close();
  await victimContext.close();
});

test("sign-up answers the same for an address that has an account, and mails its owner instead", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await asClient(context, "203.0.113.20");
  await page.goto("/signup");
  await page.getByLabel("Work email").fill(DEMO.email);
  await page.getByLabel("Password").fill("someone else's password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(`Check your inbox: we sent a link to ${DEMO.email}`)).toBeVisible();
  // The worker delivers the mail: reload the outbox until it is there.
  await expect(async () => {
    await page.goto("/dev/outbox");
    await expect(
      page.locator(`article[data-to="${DEMO.email}"]`).filter({ hasText: "tried to create an Inboxwatch account" }).first(),
    ).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await context.close();
});

test("a password lockout leaves the emailed sign-in link working", async ({ browser }) => {
  const email = uniqueEmail("locked");
  const context = await browser.newContext();
  const page = await asClient(context, "203.0.113.30");
  // A confirmed account with a password.
  await page.goto("/signup");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.goto(await latestMailLink(page, email, "/verify"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Confirm and sign in" }).click();
  await expect(page).toHaveURL(/\/onboarding/);
  await context.clearCookies();

  for (let i = 0; i < 5; i++) {
    await tryPassword(page, email, `wrong guess ${i}`);
    await expect(page.getByText("Wrong email or password")).toBeVisible();
  }
  await tryPassword(page, email, PASSWORD);
  await expect(page.getByText("Too many failed attempts")).toBeVisible();

  await page.getByLabel("Email me a sign-in link").fill(email);
  await page.getByRole("button", { name: "Send link" }).click();
  await expect(page.getByText("Check your inbox")).toBeVisible();
  await page.goto(await latestMailLink(page, email, "/magic"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/onboarding/);
  await context.close();
});

test("sign-in links to one address are limited, with the same answer each time", async ({ browser }) => {
  const email = uniqueEmail("bombed");
  const context = await browser.newContext();
  const page = await asClient(context, "203.0.113.40");
  await page.goto("/login");
  for (let i = 0; i < 15; i++) {
    await page.getByLabel("Email me a sign-in link").fill(email);
    await page.getByRole("button", { name: "Send link" }).click();
    await expect(page.getByText("Check your inbox")).toBeVisible();
  }
  await latestMailLink(page, email, "/magic"); // the worker has delivered what was sent
  // No more than the limit ever arrives (checked again after the worker has had time for any stragglers).
  await expect(async () => {
    await page.goto("/dev/outbox");
    await expect(page.locator(`article[data-to="${email}"]`)).toHaveCount(3, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await context.close();
});

test("a changing X-Forwarded-For does not escape the per-client sign-in limit", async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  // 31 guesses at 31 addresses, each request claiming another origin in front of the real client.
  for (let i = 0; i <= 30; i++) {
    await context.setExtraHTTPHeaders({ "x-forwarded-for": `198.51.100.${i}, 203.0.113.50` });
    await tryPassword(page, `nobody${i}@e2e.test`, "guess");
    await expect(page.getByText(i < 30 ? "Wrong email or password" : "Too many failed attempts")).toBeVisible();
  }
  await context.close();
});

test("signing out revokes the session: a copied session cookie stops working", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await asClient(context, "203.0.113.60");
  await login(page, DEMO.email, DEMO.password);
  const cookies = await context.cookies();
  expect(cookies.some((c) => c.name.includes("session-token"))).toBe(true);
  const me = `/api/trpc/me.get?batch=1&input=${encodeURIComponent('{"0":{"json":null}}')}`;

  const thief = await browser.newContext();
  await thief.addCookies(cookies);
  expect((await thief.request.get(me)).status()).toBe(200);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  expect((await thief.request.get(me)).status()).toBe(401);
  await thief.close();
  await context.close();
});

test("sign out everywhere, from account settings, ends every session of the account", async ({ browser }) => {
  const email = uniqueEmail("everywhere");
  const first = await browser.newContext();
  const page = await asClient(first, "203.0.113.70");
  await page.goto("/login");
  await page.getByLabel("Email me a sign-in link").fill(email);
  await page.getByRole("button", { name: "Send link" }).click();
  await page.goto(await latestMailLink(page, email, "/magic"));
  await page.getByRole("button", { name: "Sign in" }).click();
  const slug = `everywhere-${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill("Everywhere Co");
  await page.getByLabel("Address").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));

  const other = await browser.newContext();
  await other.addCookies(await first.cookies());
  const me = `/api/trpc/me.get?batch=1&input=${encodeURIComponent('{"0":{"json":null}}')}`;
  expect((await other.request.get(me)).status()).toBe(200);

  await page.goto(`/${slug}/settings/account`);
  await expect(page.getByText("Signed-in sessions")).toBeVisible();
  await expect(page.getByRole("cell", { name: "Emailed link" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login/);
  expect((await other.request.get(me)).status()).toBe(401);
  await other.close();
  await first.close();
});
