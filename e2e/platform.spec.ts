import { expect, test, type Page } from "@playwright/test";

import { latestMailLink, signUpAndConfirm, uniqueEmail } from "./fixtures";

const PASSWORD = "a long enough password";

async function signUp(page: Page, email: string) {
  await signUpAndConfirm(page, email, PASSWORD);
}

test("sign-up → organization → server, domain, IP → invite a viewer who sees but cannot change", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const owner = uniqueEmail("owner");
  const slug = `e2e-${Date.now().toString(36)}`;

  await signUp(page, owner);
  await expect(page).toHaveURL(/\/onboarding/);
  await page.getByLabel("Organization name").fill("E2E Mail Co");
  await page.getByLabel("Address").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await expect(page.getByText("5 steps to complete your setup")).toBeVisible();

  // A mail server, with an AUTH password that must never come back.
  await page.goto(`/${slug}/servers/new`);
  await page.getByLabel("Hostname").fill("SMTP.E2E-Mail.example");
  await page.getByLabel("AUTH username (optional)").fill("app");
  await page.getByLabel("AUTH password").fill("canary-secret-e2e");
  await page.getByRole("button", { name: "Add server" }).click();
  // The user lands on the new server's page, and the list links to it.
  await expect(page).toHaveURL(new RegExp(`/${slug}/servers/[a-z0-9]+$`));
  await expect(page.getByRole("heading", { name: "smtp.e2e-mail.example" })).toBeVisible();
  expect(await page.content()).not.toContain("canary-secret-e2e");
  await page.goto(`/${slug}/servers`);
  await expect(page.getByRole("link", { name: "smtp.e2e-mail.example" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Details →" })).toBeVisible();
  expect(await page.content()).not.toContain("canary-secret-e2e");

  // The same server again is a clear error, not a crash.
  await page.goto(`/${slug}/servers/new`);
  await page.getByLabel("Hostname").fill("smtp.e2e-mail.example");
  await page.getByRole("button", { name: "Add server" }).click();
  await expect(page.getByText("already in this organization's servers")).toBeVisible();

  await page.goto(`/${slug}/domains/new`);
  await page.getByLabel("Domain name").fill("Bücher.E2E.example");
  await page.getByLabel("DKIM selectors").fill("s1, google");
  await page.getByRole("button", { name: "Add domain" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/domains/[a-z0-9]+$`));
  await expect(page.getByRole("heading", { name: "xn--bcher-kva.e2e.example" })).toBeVisible();

  await page.goto(`/${slug}/ips/new`);
  await page.getByLabel("IP address").fill("2001:DB8:0:0::25");
  await page.getByLabel("Pool (optional)").fill("transactional");
  await page.getByRole("button", { name: "Add IP" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/ips/[a-z0-9]+$`));
  await expect(page.getByRole("heading", { name: "2001:db8::25" })).toBeVisible();
  await page.goto(`/${slug}/ips`);
  await expect(page.getByRole("link", { name: "2001:db8::25" })).toBeVisible();

  // Invite a viewer; the invitation arrives by mail (development outbox).
  const viewer = uniqueEmail("viewer");
  await page.goto(`/${slug}/settings/members`);
  await page.getByLabel("Email").fill(viewer);
  await page.getByLabel("Role").selectOption("VIEWER");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${viewer}`)).toBeVisible();
  const inviteLink = await latestMailLink(page, viewer, "/invite/");

  const viewerContext = await browser.newContext();
  const v = await viewerContext.newPage();
  await v.goto(inviteLink);
  await v.getByRole("link", { name: "Create an account" }).click();
  await signUpAndConfirm(v, viewer, PASSWORD, { prefilled: true });
  await expect(v).toHaveURL(new RegExp(`/invite/`));
  await v.getByRole("button", { name: "Accept invitation" }).click();
  await expect(v).toHaveURL(new RegExp(`/${slug}$`));

  // The viewer sees everything…
  await v.goto(`/${slug}/servers`);
  await expect(v.getByRole("link", { name: "smtp.e2e-mail.example" })).toBeVisible();
  await expect(v.getByRole("link", { name: "Add server" })).toHaveCount(0);
  await v.getByRole("link", { name: "smtp.e2e-mail.example" }).click();
  await expect(v.getByText("Read-only: your role cannot change servers.")).toBeVisible();
  await expect(v.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(v.getByLabel("Hostname")).toBeDisabled();
  // …and the server refuses a change even when the UI is bypassed.
  const forged = await v.request.post("/api/trpc/servers.create?batch=1", {
    headers: { "x-org-slug": slug, "content-type": "application/json" },
    data: { "0": { json: { hostname: "forged.example" } } },
  });
  expect(forged.status()).toBe(403);

  // Removing the viewer ends their access at once.
  await page.goto(`/${slug}/settings/members`);
  const row = page.getByRole("row", { name: new RegExp(viewer) });
  await row.getByRole("button", { name: "Remove" }).click();
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("row", { name: new RegExp(viewer) })).toHaveCount(0);
  const after = await v.request.get(`/api/trpc/servers.list?batch=1&input=${encodeURIComponent('{"0":{"json":null}}')}`, {
    headers: { "x-org-slug": slug },
  });
  expect([401, 404]).toContain(after.status());
  await viewerContext.close();
});

test("an API key created in the UI reads the organization over REST; revoked, it is refused", async ({ page }) => {
  const owner = uniqueEmail("apikey");
  const slug = `key-${Date.now().toString(36)}`;
  await signUp(page, owner);
  await page.getByLabel("Organization name").fill("Key Co");
  await page.getByLabel("Address").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));

  await page.goto(`/${slug}/settings/api-keys`);
  await page.getByLabel("Name").fill("e2e script");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").innerText()).trim();
  expect(key).toMatch(/^iw_/);

  const ok = await page.request.get("/api/v1/organization", { headers: { authorization: `Bearer ${key}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ slug, name: "Key Co" });

  const spec = await page.request.get("/api/v1/openapi.json");
  const doc = (await spec.json()) as { paths: Record<string, { get: { operationId: string } }> };
  expect(doc.paths["/organization"]?.get.operationId).toBe("getOrganization");

  await page.reload();
  const row = page.getByRole("row", { name: /e2e script/ });
  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByRole("button", { name: "Revoke now" }).click();
  await expect(row.getByText("revoked")).toBeVisible();
  const refused = await page.request.get("/api/v1/organization", { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
});
