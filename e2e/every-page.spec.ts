/**
 * Issue 19 item 7 (the Playwright half): every page of the app, with the demo data, fails on a console
 * error, an uncaught page error, a failed request (or a response ≥ 400) and on an accessibility
 * violation of impact serious or critical (axe: WCAG 2.0/2.1 A and AA).
 *
 * The page list is ROUTES below, keyed by the page's folder under apps/web/src/app. The first test
 * reads that tree and fails when a page.tsx exists that ROUTES does not visit, so a new page cannot
 * skip this pass.
 */
import fs from "node:fs";
import path from "node:path";

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type ConsoleMessage, type Page, type Request, type Response } from "@playwright/test";

import { DEMO, login } from "./fixtures";

const APP_DIR = path.resolve(import.meta.dirname, "../apps/web/src/app");
const VIEWER = { email: "viewer@inboxwatch.local", password: DEMO.password };
const ORG = "/demo";

type Who = "anonymous" | "owner";
interface Route {
  who: Who;
  /** The URL to open, or how to find it (an [id] route: the first matching link on its list page). */
  url: string | ((page: Page) => Promise<string>);
  /** Client-side tabs (buttons) to press and audit after the page itself. */
  tabs?: string[];
}

/** The first link on `listUrl` whose path matches `pattern`: an existing record of the demo data. */
function firstLink(listUrl: string, pattern: RegExp): (page: Page) => Promise<string> {
  return async (page) => {
    await page.goto(listUrl);
    await settle(page);
    const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    const href = hrefs.find((h) => pattern.test(h));
    if (!href) throw new Error(`no link matching ${pattern} on ${listUrl} (the demo data should have one); links: ${hrefs.join(" ")}`);
    return href;
  };
}

const ROUTES: Record<string, Route> = {
  // Public pages (signed out).
  "/": { who: "anonymous", url: "/" }, // redirects to /login: audits the page it lands on
  "/login": { who: "anonymous", url: "/login" },
  "/signup": { who: "anonymous", url: "/signup" },
  // A token makes the form render; nothing is submitted, so the made-up token is never checked.
  "/verify": { who: "anonymous", url: "/verify?token=every-page-check" },
  "/magic": { who: "anonymous", url: "/magic?token=every-page-check" },
  "/invite/[token]": { who: "anonymous", url: "/invite/not-a-real-token" }, // the "not found" card
  "/dev/outbox": { who: "anonymous", url: "/dev/outbox" }, // the e2e platform has no SMTP_URL: outbox mode
  // Signed in as the demo owner.
  "/onboarding": { who: "owner", url: "/onboarding" },
  "/[org]": { who: "owner", url: ORG },
  "/[org]/servers": { who: "owner", url: `${ORG}/servers` },
  "/[org]/servers/new": { who: "owner", url: `${ORG}/servers/new` },
  "/[org]/servers/health": { who: "owner", url: `${ORG}/servers/health` },
  "/[org]/servers/[id]": { who: "owner", url: firstLink(`${ORG}/servers`, /^\/demo\/servers\/(?!new$|health$)[^/]+$/) },
  "/[org]/domains": { who: "owner", url: `${ORG}/domains` },
  "/[org]/domains/new": { who: "owner", url: `${ORG}/domains/new` },
  "/[org]/domains/[id]": { who: "owner", url: firstLink(`${ORG}/domains`, /^\/demo\/domains\/(?!new$)[^/]+$/) },
  "/[org]/ips": { who: "owner", url: `${ORG}/ips` },
  "/[org]/ips/new": { who: "owner", url: `${ORG}/ips/new` },
  "/[org]/ips/[id]": { who: "owner", url: firstLink(`${ORG}/ips`, /^\/demo\/ips\/(?!new$)[^/]+$/) },
  "/[org]/health": { who: "owner", url: `${ORG}/health` },
  "/[org]/deliverability": { who: "owner", url: `${ORG}/deliverability` },
  "/[org]/deliverability/esp-webhooks": { who: "owner", url: `${ORG}/deliverability/esp-webhooks` },
  "/[org]/analytics": { who: "owner", url: `${ORG}/analytics` },
  "/[org]/analytics/roi": { who: "owner", url: `${ORG}/analytics/roi` },
  "/[org]/analytics/cohorts": { who: "owner", url: `${ORG}/analytics/cohorts` },
  "/[org]/analytics/experiments": { who: "owner", url: `${ORG}/analytics/experiments` },
  "/[org]/analytics/experiments/[id]": {
    who: "owner",
    url: firstLink(`${ORG}/analytics/experiments`, /^\/demo\/analytics\/experiments\/[^/]+$/),
  },
  "/[org]/analytics/data": { who: "owner", url: `${ORG}/analytics/data` },
  "/[org]/alerts": { who: "owner", url: `${ORG}/alerts` },
  "/[org]/alerts/rules": { who: "owner", url: `${ORG}/alerts/rules` },
  "/[org]/alerts/maintenance": { who: "owner", url: `${ORG}/alerts/maintenance` },
  "/[org]/alerts/[id]": { who: "owner", url: firstLink(`${ORG}/alerts`, /^\/demo\/alerts\/(?!rules$|maintenance$)[^/]+$/) },
  "/[org]/reports": { who: "owner", url: `${ORG}/reports`, tabs: ["Reports list", "Complaints", "TLS", "Raw & quarantine"] },
  "/[org]/reports/[id]": { who: "owner", url: reportLink },
  "/[org]/scheduled-reports": { who: "owner", url: `${ORG}/scheduled-reports` },
  "/[org]/scheduled-reports/new": { who: "owner", url: `${ORG}/scheduled-reports/new` },
  "/[org]/scheduled-reports/definitions/[id]": { who: "owner", url: (page) => reportDefinitionLink(page).then((d) => d.href) },
  "/[org]/scheduled-reports/[editionId]": { who: "owner", url: reportEditionLink },
  "/[org]/settings": { who: "owner", url: `${ORG}/settings` },
  "/[org]/settings/account": { who: "owner", url: `${ORG}/settings/account` },
  "/[org]/settings/members": { who: "owner", url: `${ORG}/settings/members` },
  "/[org]/settings/api-keys": { who: "owner", url: `${ORG}/settings/api-keys` },
  "/[org]/settings/blocklists": { who: "owner", url: `${ORG}/settings/blocklists` },
  "/[org]/settings/audit": { who: "owner", url: `${ORG}/settings/audit` },
  "/[org]/settings/billing": { who: "owner", url: `${ORG}/settings/billing` },
  "/[org]/settings/integrations": { who: "owner", url: `${ORG}/settings/integrations` },
};

/** A report's page: its link sits in the "Reports list" tab of /reports. */
async function reportLink(page: Page): Promise<string> {
  await page.goto(`${ORG}/reports`);
  await settle(page);
  await page.getByRole("button", { name: "Reports list", exact: true }).click();
  await settle(page);
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  const href = hrefs.find((h) => /^\/demo\/reports\/[^/]+$/.test(h));
  if (!href) throw new Error("no report link in the demo's reports list (the demo data should have one)");
  return href;
}

/** A tRPC call as the signed-in page makes it (superjson, batched), for records the demo data does not have. */
async function trpc<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/api/trpc/${procedure}?batch=1`, {
    headers: { "x-org-slug": ORG.slice(1), "content-type": "application/json" },
    data: { "0": { json: input } },
  });
  if (!res.ok()) throw new Error(`${procedure}: HTTP ${res.status()} ${await res.text()}`);
  const [first] = (await res.json()) as [{ result: { data: { json: T } } }];
  return first.result.data.json;
}

/** A scheduled report's page: the first on the list, or one made through the API (the demo seeds none). */
async function reportDefinitionLink(page: Page): Promise<{ id: string; href: string }> {
  await page.goto(`${ORG}/scheduled-reports`);
  await settle(page);
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  const found = hrefs.find((h) => /^\/demo\/scheduled-reports\/definitions\/[^/]+$/.test(h));
  if (found) return { id: found.split("/").pop() ?? "", href: found };
  const created = await trpc<{ id: string }>(page, "scheduledReports.definitions.create", {
    name: "Weekly deliverability report",
    cadence: "weekly",
    weekday: 1,
    audience: "leadership",
    recipientRoles: ["OWNER"],
  });
  return { id: created.id, href: `${ORG}/scheduled-reports/definitions/${created.id}` };
}

/** An archived report's page: the first in the archive, or one sent now (building or built, both are pages). */
async function reportEditionLink(page: Page): Promise<string> {
  const definition = await reportDefinitionLink(page);
  await page.goto(`${ORG}/scheduled-reports`);
  await settle(page);
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  const found = hrefs.find((h) => /^\/demo\/scheduled-reports\/(?!new$|definitions\/)[^/]+$/.test(h));
  if (found) return found;
  const sent = await trpc<{ editionId: string }>(page, "scheduledReports.definitions.sendNow", { id: definition.id });
  return `${ORG}/scheduled-reports/${sent.editionId}`;
}

/** Every page.tsx under apps/web/src/app, as its route folder ("/[org]/servers/[id]"). */
function pageRoutes(dir = APP_DIR): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...pageRoutes(full));
    else if (entry.name === "page.tsx" || entry.name === "page.ts") {
      // Route groups "(name)" do not appear in the URL, but keep them: ROUTES names folders.
      out.push("/" + path.relative(APP_DIR, dir).split(path.sep).join("/"));
    }
  }
  return out.map((r) => (r === "/" ? r : r.replace(/\/$/, ""))).sort();
}

/** Wait until the page has loaded its data: no request in flight, no loading skeleton left. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  const busy = page.locator('[aria-busy="true"]');
  try {
    await expect(busy).toHaveCount(0, { timeout: 20_000 });
  } catch {
    // Name the section that never finished loading (its card's heading), not just "a skeleton".
    const where = await busy
      .first()
      .evaluate((el) => el.closest("section, div.rounded-xl, main")?.querySelector("h1, h2, h3")?.textContent ?? "?")
      .catch(() => "?");
    throw new Error(`still loading after 20 s (aria-busy) in the section "${where}" of ${page.url()}`);
  }
}

/**
 * Next.js cancels its own RSC requests (link prefetches, a superseded navigation) when the router no
 * longer needs them: Chromium reports those as net::ERR_ABORTED. Nothing on the page depends on them,
 * and an RSC request that the server answered with an error is still caught by the status check.
 */
function cancelledByRouter(r: Request): boolean {
  return r.failure()?.errorText === "net::ERR_ABORTED" && new URL(r.url()).searchParams.has("_rsc");
}

/**
 * The scheduled report's document sits in a sandboxed frame that may run no script (its page's ReportFrame).
 * axe, auditing the page around it, makes Chromium refuse script there and log one console error per
 * refusal: that is the sandbox doing its job, not a fault of the page.
 */
function refusedBySandbox(m: ConsoleMessage): boolean {
  return /^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/.test(m.text());
}

/** Listens for console errors, page errors, failed requests and error responses until stopped. */
function listen(page: Page): () => string[] {
  const problems: string[] = [];
  const onConsole = (m: ConsoleMessage) => {
    if (m.type() === "error" && !refusedBySandbox(m)) problems.push(`console error: ${m.text()}`);
  };
  const onPageError = (e: Error) => problems.push(`page error: ${e.message}`);
  const onFailed = (r: Request) =>
    cancelledByRouter(r) || problems.push(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText ?? "?"})`);
  const onResponse = (r: Response) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  };
  page.on("console", onConsole);
  page.on("pageerror", onPageError);
  page.on("requestfailed", onFailed);
  page.on("response", onResponse);
  return () => {
    page.off("console", onConsole);
    page.off("pageerror", onPageError);
    page.off("requestfailed", onFailed);
    page.off("response", onResponse);
    return problems;
  };
}

/** axe on the page as it stands: serious and critical WCAG 2.x A/AA violations, one line per element. */
async function axe(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${where}: axe ${v.id} (${v.impact}) at ${n.target.join(" ")} — ${(n.failureSummary ?? v.help).split("\n").slice(0, 2).join(" ").trim()}`,
      ),
    );
}

/** Opens `url`, waits for its data, audits it (and each tab), and returns every problem found. */
async function audit(page: Page, route: string, url: string, tabs: string[] = []): Promise<string[]> {
  // Let the page before this one finish (the landing page after sign-in, a list page read for a link):
  // requests it has in flight would be cancelled by the navigation and counted against this page.
  await page.waitForLoadState("networkidle");
  const stop = listen(page);
  const found: string[] = [];
  const where = `${route} (${url})`;
  try {
    await page.goto(url);
    await settle(page);
    found.push(...(await axe(page, where)));
    for (const tab of tabs) {
      await page.getByRole("button", { name: tab, exact: true }).click();
      await settle(page);
      found.push(...(await axe(page, `${where} tab "${tab}"`)));
    }
  } finally {
    found.unshift(...stop().map((p) => `${where}: ${p}`));
  }
  return found;
}

async function auditAll(page: Page, who: Who): Promise<void> {
  test.setTimeout(Object.values(ROUTES).filter((r) => r.who === who).length * 30_000);
  const problems: string[] = [];
  for (const [route, r] of Object.entries(ROUTES).filter(([, r]) => r.who === who)) {
    await test.step(route, async () => {
      try {
        const url = typeof r.url === "string" ? r.url : await r.url(page);
        problems.push(...(await audit(page, route, url, r.tabs)));
      } catch (err) {
        // One broken page must not hide what the others have: record it and go on.
        problems.push(`${route}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
      }
    });
  }
  expect(problems, `\n${problems.join("\n")}\n`).toEqual([]);
}

test("every page.tsx under apps/web/src/app is visited by this spec", () => {
  const pages = pageRoutes();
  expect(pages.length).toBeGreaterThan(10);
  expect(
    pages.filter((p) => !(p in ROUTES)),
    "pages this spec does not visit: add them to ROUTES",
  ).toEqual([]);
  expect(
    Object.keys(ROUTES).filter((r) => !pages.includes(r)),
    "ROUTES entries without a page.tsx",
  ).toEqual([]);
});

test("public pages: no console error, failed request or serious accessibility violation", async ({ page }) => {
  await auditAll(page, "anonymous");
});

test("every page of the demo organization, as its owner: no console error, failed request or serious accessibility violation", async ({
  page,
}) => {
  await login(page, DEMO.email, DEMO.password);
  await auditAll(page, "owner");
});

test("a viewer's pages (read-only controls): no console error, failed request or serious accessibility violation", async ({ page }) => {
  test.setTimeout(10 * 30_000);
  await login(page, VIEWER.email, VIEWER.password);
  const problems: string[] = [];
  for (const route of [
    "/[org]",
    "/[org]/servers",
    "/[org]/domains",
    "/[org]/alerts/rules",
    "/[org]/settings/members",
    "/[org]/settings/api-keys",
    "/[org]/analytics/roi",
    "/[org]/analytics/experiments",
    "/[org]/analytics/data",
    "/[org]/scheduled-reports",
  ]) {
    const url = route.replace("/[org]", ORG);
    try {
      problems.push(...(await audit(page, `${route} as viewer`, url)));
    } catch (err) {
      problems.push(`${route} as viewer: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    }
  }
  expect(problems, `\n${problems.join("\n")}\n`).toEqual([]);
});
