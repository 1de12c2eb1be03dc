// The bundled bin (dist/inboxwatch.mjs via bin/inboxwatch.mjs) as a user runs it: a child process.
// beforeAll builds the bundle when the bin says it is missing or older than its sources.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { checkFixtures, startTestDnsServer } from "@inboxwatch/deliverability/dns/testing";
import { beforeAll, describe, expect, it } from "vitest";

import { COMMANDS } from "./command-table.ts";

const CLI_DIR = path.resolve(import.meta.dirname, "..");
const BIN = path.join(CLI_DIR, "bin/inboxwatch.mjs");
const DIST = path.join(CLI_DIR, "dist");
const BOUNCE = path.resolve(CLI_DIR, "../../..", "shared/corpus/bounces/sisimai/lhost-amavis-01.eml");
/** What `--help` may parse: the entry and the command table, not a command's engines (hundreds of kB). */
const HELP_CODE_MAX_BYTES = 20 * 1024;
/** The tsx fallback's notice on stderr; the bundle path prints nothing there. */
const FALLBACK = /running the sources through tsx/;

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** run(), without blocking this process's event loop (a loopback server here must keep answering). */
function runAsync(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The files a module imports statically, transitively (what Node loads before the module runs). */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = fs.readFileSync(file, "utf8");
  for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["'](\.[^"']+)["']/g)) {
    staticClosure(path.resolve(path.dirname(file), m[1]!), seen);
  }
  return seen;
}

beforeAll(() => {
  if (FALLBACK.test(run(["version"]).stderr)) execFileSync(process.execPath, [path.join(CLI_DIR, "build.mjs")], { stdio: "pipe" });
}, 120_000);

describe("bundled inboxwatch bin", () => {
  it("prints --help from the bundle", () => {
    const r = run(["--help"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name}`);
  });

  it("classifies a corpus bounce from the bundle", () => {
    const r = run(["classify", BOUNCE]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("format: ");
    expect(r.stdout).toMatch(/@\S+ {2}550 5\.1\.1 {2}user_unknown \(userunknown\) {2}hard \/ permanent/);
  });

  it("runs a command that reads the environment (check spf against the loopback DNS server)", async () => {
    const { zone, faults } = checkFixtures();
    const dns = await startTestDnsServer(zone, faults);
    try {
      // The server through the environment, not --dns-server: the command must read the validated env.
      const r = await runAsync(["check", "spf", "good.test", "--timeout", "500", "--json"], { INBOXWATCH_DNS_SERVERS: dns.address });
      expect(r.stderr).toBe("");
      const json = JSON.parse(r.stdout) as { check: string; domain: string; status: string; records: string[] };
      expect(json).toMatchObject({ check: "spf", domain: "good.test" });
      // The loopback server's record came back: INBOXWATCH_DNS_SERVERS reached the command through io.env.
      expect(json.records.join(" ")).toContain("v=spf1");
      expect(json.status).not.toBe("temperror");
      expect(r.code).toBe(0);
    } finally {
      await dns.close();
    }
  });

  it("keeps each command in its own lazily loaded chunk (--help loads only the table)", () => {
    const closure = staticClosure(path.join(DIST, "inboxwatch.mjs"));
    const bytes = [...closure].reduce((sum, f) => sum + fs.statSync(f).size, 0);
    expect(bytes).toBeLessThan(HELP_CODE_MAX_BYTES);
    const chunks = fs.readdirSync(path.join(DIST, "chunks"));
    for (const c of COMMANDS)
      expect(
        chunks.some((f) => f.startsWith(`${c.name}-`)),
        c.name,
      ).toBe(true);
  });

  it("still runs the sources through tsx when asked to", () => {
    const r = run(["classify", "--reply", "550 5.1.1 <x@y>: user unknown", "--json"], { INBOXWATCH_CLI_FROM_SOURCE: "1" });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ category: "user_unknown", class: "permanent" });
  });
});
