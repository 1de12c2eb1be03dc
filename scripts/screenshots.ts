// Dev tool: signs in as the demo user and screenshots pages into /tmp/shots (npx tsx scripts/screenshots.ts /demo,/demo/servers).
import { chromium } from "@playwright/test";
const base = process.env.BASE ?? "http://127.0.0.1:3000";
const pages = (process.argv[2] ?? "/login").split(",");
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
  ],
});
const ctx = await browser.newContext({ viewport: { width: 1360, height: 900 } });
const page = await ctx.newPage();
if (process.env.LOGIN !== "0") {
  await page.goto(base + "/login");
  await page.fill("#email", process.env.EMAIL ?? "demo@inboxwatch.local");
  await page.fill("#password", "inboxwatch-demo");
  await page.click("button[type=submit]");
  await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 20000 }).catch(() => {});
}
for (const p of pages) {
  await page.goto(base + p);
  // Charts animate in (recharts, ~1.5 s after their data arrives): wait them out.
  await page.waitForTimeout(4000);
  const name = "/tmp/shots/" + (p.replace(/\//g, "_") || "root") + ".png";
  await page.screenshot({ path: name, fullPage: true });
  console.log(name, page.url());
}
await browser.close();
