// The supervisor with real child processes (`node -e`): a SIGKILLed child comes back alone, a crash loop
// stops everything with a message naming the process and its log, and stop() (Ctrl-C) stops everything.
import { type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { type ProcessSpec, type Supervisor, supervise } from "./supervise.ts";

/** A server stand-in: prints its pid, then runs until signalled. */
const SERVER = `console.log("up " + process.pid); setInterval(() => {}, 1 << 30);`;
/** Dies at boot, like a worker whose configuration is wrong. */
const DIES_AT_BOOT = `console.error("boom: cannot start"); process.exit(3);`;
/** Ignores SIGTERM: stop() must escalate to SIGKILL. */
const IGNORES_SIGTERM = `process.on("SIGTERM", () => {}); console.log("up " + process.pid); setInterval(() => {}, 1 << 30);`;
/** Short backoffs so a crash loop trips in well under a second. */
const FAST = {
  initialBackoffMs: 20,
  maxBackoffMs: 100,
  crashLoopCount: 5,
  crashWindowMs: 60_000,
  stopTimeoutMs: 500,
  echo: false,
  log: () => {},
};

let dir: string;
let supervisor: Supervisor | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-supervise-"));
});
afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

function spec(name: string, script: string): ProcessSpec {
  return { name, command: process.execPath, args: ["-e", script], logFile: path.join(dir, "logs", `${name}.log`) };
}

/** Resolves with the child once it printed its first line (it is up), polling the supervisor briefly. */
async function upChild(s: Supervisor, name: string, notPid?: number): Promise<ChildProcess> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    const child = s.child(name);
    const log = path.join(dir, "logs", `${name}.log`);
    if (child?.pid && child.pid !== notPid && fs.existsSync(log) && fs.readFileSync(log, "utf8").includes(`up ${child.pid}`)) return child;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${name} did not come up`);
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("supervise", () => {
  it("restarts a child killed with SIGKILL alone, while its sibling keeps running", async () => {
    const messages: string[] = [];
    supervisor = supervise([spec("web", SERVER), spec("worker", SERVER)], { ...FAST, log: (m) => messages.push(m) });
    const web = await upChild(supervisor, "web");
    const worker = await upChild(supervisor, "worker");

    process.kill(worker.pid!, "SIGKILL");
    const restarted = await upChild(supervisor, "worker", worker.pid);

    expect(restarted.pid).not.toBe(worker.pid);
    expect(supervisor.restarts("worker")).toBe(1);
    expect(supervisor.restarts("web")).toBe(0);
    expect(supervisor.child("web")).toBe(web);
    expect(isAlive(web.pid!)).toBe(true);
    expect(messages.join("\n")).toMatch(/worker exited \(SIGKILL\); restarting it in 0\.02 s/);
  });

  it("stops everything when one child crash-loops, naming it and its log", async () => {
    supervisor = supervise([spec("web", SERVER), spec("worker", DIES_AT_BOOT)], FAST);
    const web = await upChild(supervisor, "web");

    const reason = await supervisor.done;

    expect(reason).toMatchObject({ kind: "crash-loop", name: "worker", logFile: path.join(dir, "logs", "worker.log") });
    expect(reason.kind === "crash-loop" && reason.message).toMatch(
      /^worker crash-looped \(5 crashes within 60 s, last: code 3\); stopping everything\. Its log: .*worker\.log$/,
    );
    expect(supervisor.restarts("worker")).toBe(4);
    expect(web.exitCode !== null || web.signalCode !== null).toBe(true);
    // The log keeps what the process said before each crash.
    expect(fs.readFileSync(path.join(dir, "logs", "worker.log"), "utf8").match(/boom: cannot start/g)).toHaveLength(5);
  });

  it("stops at once, without restarts, when a child refuses its configuration (exit 78)", async () => {
    supervisor = supervise([spec("web", SERVER), spec("worker", `console.error("DATABASE_URL: required"); process.exit(78);`)], FAST);
    const reason = await supervisor.done;
    expect(reason.kind === "crash-loop" && reason.message).toMatch(/^worker refused its configuration \(exit 78\); stopping everything/);
    expect(supervisor.restarts("worker")).toBe(0);
  });

  it("stop() (Ctrl-C) stops every child, escalating to SIGKILL for one that ignores SIGTERM", async () => {
    supervisor = supervise([spec("web", SERVER), spec("worker", IGNORES_SIGTERM)], FAST);
    const web = await upChild(supervisor, "web");
    const worker = await upChild(supervisor, "worker");

    await supervisor.stop();

    expect(await supervisor.done).toEqual({ kind: "stopped" });
    expect(web.signalCode).toBe("SIGTERM");
    expect(worker.signalCode).toBe("SIGKILL");
    expect(supervisor.restarts("web") + supervisor.restarts("worker")).toBe(0);
  });
});
