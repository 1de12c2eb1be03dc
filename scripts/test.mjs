#!/usr/bin/env node
// `npm test`: every check, in the order a failure is cheapest to find. Each step runs even if an earlier
// one failed (one run shows every problem); the exit code is non-zero if any failed. Test counts from
// vitest and Playwright are summed into the closing line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, ".data", "test-results");
fs.mkdirSync(results, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.env.CI ? "0" : "1" };

const only = process.argv.slice(2);
const steps = [
  // Formatting first: seconds to run, and a diff of whitespace should not hide behind a lint report.
  ["format", "npx", ["prettier", "--check", "--log-level=warn", "."]],
  ["lint", "npx", ["eslint", "--max-warnings=0", "."]],
  ["typecheck", "npx", ["tsc", "-p", "tsconfig.json", "--noEmit"]],
  [
    "unit + integration",
    "npx",
    ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${path.join(results, "vitest.json")}`],
  ],
  ["build", "npx", ["turbo", "run", "build", "--filter=@inboxwatch/web", "--filter=@inboxwatch/cli", "--output-logs=errors-only"]],
  ["e2e", "npx", ["playwright", "test"]],
].filter(([name]) => only.length === 0 || only.some((o) => name.startsWith(o)));

const failed = [];
const timings = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n━━ ${name} ━━`);
  const start = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  timings.push(`${name} ${((Date.now() - start) / 1000).toFixed(0)}s${r.status === 0 ? "" : " ✗"}`);
  if (r.status !== 0) failed.push(name);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(path.join(results, file), "utf8"));
  } catch {
    return null;
  }
}
let passed = 0;
let failedTests = 0;
let skipped = 0;
const vitest = readJson("vitest.json");
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failedTests += vitest.numFailedTests ?? 0;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
}
const pw = readJson("playwright.json");
if (pw?.stats) {
  passed += pw.stats.expected ?? 0;
  failedTests += (pw.stats.unexpected ?? 0) + (pw.stats.flaky ?? 0);
  skipped += pw.stats.skipped ?? 0;
}
console.log(`\n━━ summary ━━\n${timings.join(" · ")}`);
if (failed.length) console.log(`failed steps: ${failed.join(", ")}`);
console.log(`${passed} passed, ${failedTests} failed, ${skipped} skipped`);
process.exit(failed.length ? 1 : 0);
