import { execSync } from "node:child_process";

import { defineConfig, devices } from "@playwright/test";

/** Debian's chromium: Playwright cannot download its own browser on these machines. */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execSync("command -v chromium || command -v chromium-browser", { encoding: "utf8" }).trim();
  } catch {
    throw new Error("Chromium not found: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH");
  }
}

const PORT = Number(process.env.E2E_PORT ?? 3100);
// The worker resolves through the test DNS server that e2e/dns-health.spec.ts starts on this fixed port
// (the platform starts before any spec, so the port must be known up front). Nothing reaches real DNS.
process.env.E2E_DNS_PORT ??= "3153";
// e2e/reports-intake.spec.ts mails reports to the worker's report SMTP receiver on this fixed port.
process.env.E2E_SMTP_PORT ??= "3125";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: ".data/test-results/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
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
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    // The real platform (web + worker + embedded PostgreSQL), from an empty database, on the production build.
    command: "npx tsx scripts/start.ts",
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 40_000 },
    env: {
      PORT: String(PORT),
      INBOXWATCH_DATA_DIR: ".data/e2e",
      INBOXWATCH_FRESH: "1",
      INBOXWATCH_SKIP_BUILD: "1",
      INBOXWATCH_PG_PORT: "0",
      WORKER_HEALTH_PORT: "0",
      EGRESS_ALLOW: "127.0.0.0/8,::1/128",
      // The browser is the proxy's client here: specs that play many clients (rate limits) send their own
      // X-Forwarded-For, believed only because the loopback peer is listed as a trusted proxy.
      TRUSTED_PROXIES: "127.0.0.1",
      DNS_SERVERS: `127.0.0.1:${process.env.E2E_DNS_PORT}`,
      REPORT_SMTP_ENABLED: "true",
      REPORT_SMTP_HOST: "127.0.0.1",
      REPORT_SMTP_PORT: process.env.E2E_SMTP_PORT,
    },
  },
});
