/**
 * Fault injection for the pg-restart tests: takes a test's own embedded PostgreSQL down in the middle of
 * the work and brings it back, driven by what the test's senders report.
 *
 * Two ways down: `stop` is a fast shutdown (in-flight transactions aborted, clients told 57P01); `kill`
 * is SIGKILL of the postmaster (what the OOM killer or `kill -9` does): no goodbye to the clients, its
 * children exit when they notice it is gone, and the restart goes through crash recovery from the WAL.
 * A killed server must not run with synchronous_commit=off (the `ephemeral` start option): a commit it
 * acknowledged could still be in its WAL buffers, and the test would rightly report it lost.
 */
import fs from "node:fs";
import path from "node:path";

import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres.ts";

export type TakeDown = "stop" | "kill";

/** Children of a killed postmaster exit on their next wait (postmaster-death detection): normally at once. */
const ORPHAN_EXIT_DEADLINE_MS = 10_000;
const ORPHAN_POLL_MS = 20;

function postmasterPid(dataDir: string): number {
  const pid = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no postmaster pid in ${dataDir}/postmaster.pid`);
  return pid;
}

/** Linux /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses. */
function readStat(pid: number): { state: string; ppid: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: state ?? "", ppid: Number(ppid) };
  } catch {
    return null;
  }
}

/** A zombie has exited (it only waits to be reaped): it holds no shared memory and no port. */
const isRunning = (pid: number) => {
  const stat = readStat(pid);
  return stat !== null && stat.state !== "Z" && stat.state !== "X";
};

function childrenOf(pid: number): number[] {
  return fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((p) => readStat(p)?.ppid === pid);
}

/**
 * SIGKILLs the postmaster, then waits for its children to exit on their own; stragglers past the deadline
 * are killed too, since a new postmaster refuses to start while the old shared memory is still attached.
 */
export async function killPostgres(server: EmbeddedPostgres): Promise<void> {
  const pid = postmasterPid(server.dataDir);
  const children = childrenOf(pid);
  process.kill(pid, "SIGKILL");
  const everyone = [pid, ...children];
  for (const deadline = Date.now() + ORPHAN_EXIT_DEADLINE_MS; everyone.some(isRunning) && Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, ORPHAN_POLL_MS));
  }
  for (const p of everyone.filter(isRunning)) process.kill(p, "SIGKILL");
  while (everyone.some(isRunning)) await new Promise((r) => setTimeout(r, ORPHAN_POLL_MS));
}

/** How many times the server went through crash recovery (its log, written by pg_ctl -l, says so each time). */
export function crashRecoveries(server: EmbeddedPostgres): number {
  const log = fs.readFileSync(path.join(server.dataDir, "server.log"), "utf8");
  return log.match(/database system was not properly shut down; automatic recovery in progress/g)?.length ?? 0;
}

export interface RestartPlan {
  /** The server goes down once this many items were acknowledged, for each entry (ascending). */
  downAfterAcks: readonly number[];
  how: TakeDown;
  /** Failures seen while down before it comes back: the senders must have met the outage. */
  failuresWhileDown?: number;
  /** Passed to startEmbeddedPostgres on restart; must be false for `kill` (see the module comment). */
  ephemeral: boolean;
}

export interface RestartController {
  /** The server now running (a restart makes a new handle on the same data directory and port). */
  readonly server: EmbeddedPostgres;
  readonly restarts: number;
  /** A sender's item was acknowledged; may take the server down. */
  acknowledged(): void;
  /** A sender's attempt failed; resolves once the server is up again, for the sender to retry. */
  failed(): Promise<void>;
  /** After the senders: waits for a take-down or restart in progress and leaves the server up. */
  settle(): Promise<void>;
}

/** A promise with its resolver, to wait for an event without polling or sleeping. */
function signal() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export function createRestartController(initial: EmbeddedPostgres, plan: RestartPlan): RestartController {
  if (plan.how === "kill" && plan.ephemeral)
    throw new Error("a killed server must keep synchronous_commit on: start it with ephemeral: false");
  const failuresWhileDown = plan.failuresWhileDown ?? 2;
  let server = initial;
  let restarts = 0;
  let acks = 0;
  let failures = 0;
  let pendingDowns = [...plan.downAfterAcks];
  let down = false;
  let restartScheduled = false;
  let restartAfterFailures = 0;
  let up = signal();
  up.resolve();
  // Take-downs and restarts run one after the other, never overlapping.
  let chain = Promise.resolve();

  const restart = () => {
    restartScheduled = true;
    chain = chain.then(async () => {
      server = await startEmbeddedPostgres({ dataDir: server.dataDir, port: server.port, ephemeral: plan.ephemeral });
      restarts++;
      down = false;
      restartScheduled = false;
      up.resolve();
    });
  };

  return {
    get server() {
      return server;
    },
    get restarts() {
      return restarts;
    },
    acknowledged() {
      acks++;
      const next = pendingDowns[0];
      if (down || next === undefined || acks < next) return;
      pendingDowns = pendingDowns.slice(1);
      down = true;
      up = signal();
      restartAfterFailures = failures + failuresWhileDown;
      chain = chain.then(() => (plan.how === "kill" ? killPostgres(server) : server.stop()));
    },
    failed() {
      failures++;
      if (down && !restartScheduled && failures >= restartAfterFailures) restart();
      return up.promise;
    },
    async settle() {
      if (down && !restartScheduled) restart();
      await chain;
    },
  };
}
