/**
 * Keeps long-running child processes (the web app, the worker) up: a process that exits on its own is
 * restarted alone, after an exponential backoff, while its siblings keep running — the web app keeps
 * acknowledging intake (it only needs PostgreSQL) while the worker comes back. Everything stops only on
 * `stop()` (Ctrl-C / SIGTERM) or when one process crash-loops, with a message naming it and its log.
 *
 * Each child's stdout and stderr go to the terminal and are appended to its log file, so the last lines
 * before a crash can be read after the terminal scrolled away.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface ProcessSpec {
  /** Short name used in messages ("web", "worker"). */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** File the child's output is appended to (its directory is created). */
  logFile: string;
}

export interface SuperviseOptions {
  /** First restart delay; doubled for every crash still inside the crash window. */
  initialBackoffMs?: number;
  /** Cap of the restart delay. */
  maxBackoffMs?: number;
  /** This many crashes of one process within `crashWindowMs` is a crash loop: everything stops. */
  crashLoopCount?: number;
  crashWindowMs?: number;
  /** How long a stopped child may take to exit after SIGTERM before it gets SIGKILL. */
  stopTimeoutMs?: number;
  /** Where the child's output is copied besides its log file (the terminal by default; tests silence it). */
  echo?: boolean;
  log?: (message: string) => void;
}

/** 1 s, 2 s, 4 s, 8 s, … : a crash from a passing cause (database restarting) is retried at once. */
export const INITIAL_BACKOFF_MS = 1_000;
/** Cap of the delay: a process down for longer than this is a crash loop anyway. */
export const MAX_BACKOFF_MS = 30_000;
/** 5 crashes in 60 s: the backoff series 1+2+4+8 s fits in the window, so a process that dies at boot trips it in ~15 s. */
export const CRASH_LOOP_COUNT = 5;
export const CRASH_WINDOW_MS = 60_000;
/** The worker lets running jobs finish for up to 30 s on SIGTERM (worker.ts): a little more than that. */
export const STOP_TIMEOUT_MS = 35_000;

/** sysexits.h EX_CONFIG, what the web server and the worker exit with on a bad environment (packages/env readAtBoot). */
export const EXIT_BAD_CONFIG = 78;

export type StopReason = { kind: "stopped" } | { kind: "crash-loop"; name: string; logFile: string; message: string };

export interface Supervisor {
  /** The running child of a process, if it is up right now. */
  child(name: string): ChildProcess | undefined;
  /** How many times each process was restarted. */
  restarts(name: string): number;
  /** Stops every child (SIGTERM, SIGKILL after the timeout); resolves when all have exited. */
  stop(): Promise<void>;
  /** Resolves once everything has stopped, with why. */
  readonly done: Promise<StopReason>;
}

interface Slot {
  spec: ProcessSpec;
  child?: ChildProcess;
  crashes: number[];
  restarts: number;
  restartTimer?: NodeJS.Timeout;
  log: fs.WriteStream;
}

/**
 * Children run in their own process group, and stopping signals the whole group: a wrapper (npx, a
 * shell) signalled alone would leave the real server running with its port held.
 */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // The group is gone already (or never formed): signal the child itself.
    child.kill(signal);
  }
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export function supervise(specs: readonly ProcessSpec[], options: SuperviseOptions = {}): Supervisor {
  const initialBackoffMs = options.initialBackoffMs ?? INITIAL_BACKOFF_MS;
  const maxBackoffMs = options.maxBackoffMs ?? MAX_BACKOFF_MS;
  const crashLoopCount = options.crashLoopCount ?? CRASH_LOOP_COUNT;
  const crashWindowMs = options.crashWindowMs ?? CRASH_WINDOW_MS;
  const stopTimeoutMs = options.stopTimeoutMs ?? STOP_TIMEOUT_MS;
  const echo = options.echo ?? true;
  const say = options.log ?? ((m: string) => console.log(`[inboxwatch] ${m}`));

  let stopping: Promise<void> | undefined;
  let settle: (reason: StopReason) => void = () => {};
  const done = new Promise<StopReason>((resolve) => (settle = resolve));

  const slots = new Map<string, Slot>(
    specs.map((spec) => {
      fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
      return [spec.name, { spec, crashes: [], restarts: 0, log: fs.createWriteStream(spec.logFile, { flags: "a" }) }];
    }),
  );

  function start(slot: Slot): void {
    const { spec } = slot;
    slot.log.write(`--- ${new Date().toISOString()} starting ${spec.name}\n`);
    const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: spec.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    slot.child = child;
    const copy = (to: NodeJS.WriteStream) => (chunk: Buffer) => {
      // Output can trail the exit; after stop() the log file is closed and only the terminal gets it.
      if (!slot.log.writableEnded) slot.log.write(chunk);
      if (echo) to.write(chunk);
    };
    child.stdout?.on("data", copy(process.stdout));
    child.stderr?.on("data", copy(process.stderr));
    child.once("exit", (code, signal) => onExit(slot, child, code, signal));
  }

  function onExit(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.child === child) slot.child = undefined;
    if (stopping) return;
    const { name, logFile } = slot.spec;
    const how = signal ?? `code ${code}`;
    if (!slot.log.writableEnded) slot.log.write(`--- ${new Date().toISOString()} ${name} exited (${how})\n`);
    // What the crashed process left in its group (a server under a wrapper) would hold its port.
    killGroup(child, "SIGKILL");
    // EX_CONFIG: the process refused its configuration (readAtBoot names every bad variable). A restart
    // would read the same environment: stop now, not after a crash loop.
    if (code === EXIT_BAD_CONFIG) {
      const message = `${name} refused its configuration (exit ${EXIT_BAD_CONFIG}); stopping everything. Its log: ${logFile}`;
      say(message);
      void stopAll({ kind: "crash-loop", name, logFile, message });
      return;
    }
    const now = Date.now();
    slot.crashes = [...slot.crashes.filter((t) => now - t < crashWindowMs), now];
    if (slot.crashes.length >= crashLoopCount) {
      const message = `${name} crash-looped (${slot.crashes.length} crashes within ${Math.round(crashWindowMs / 1000)} s, last: ${how}); stopping everything. Its log: ${logFile}`;
      say(message);
      void stopAll({ kind: "crash-loop", name, logFile, message });
      return;
    }
    const delayMs = Math.min(maxBackoffMs, initialBackoffMs * 2 ** (slot.crashes.length - 1));
    say(`${name} exited (${how}); restarting it in ${delayMs / 1000} s (the others keep running). Its log: ${logFile}`);
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = undefined;
      if (stopping) return;
      slot.restarts++;
      start(slot);
    }, delayMs);
  }

  function stopChild(child: ChildProcess): Promise<void> {
    return new Promise<void>((resolve) => {
      if (hasExited(child)) return resolve();
      const force = setTimeout(() => killGroup(child, "SIGKILL"), stopTimeoutMs);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      killGroup(child, "SIGTERM");
    });
  }

  function stopAll(reason: StopReason): Promise<void> {
    stopping ??= (async () => {
      for (const slot of slots.values()) clearTimeout(slot.restartTimer);
      await Promise.all([...slots.values()].map((slot) => (slot.child ? stopChild(slot.child) : Promise.resolve())));
      await Promise.all([...slots.values()].map((slot) => new Promise<void>((resolve) => slot.log.end(resolve))));
      settle(reason);
    })();
    return stopping;
  }

  for (const slot of slots.values()) start(slot);

  return {
    child: (name) => slots.get(name)?.child,
    restarts: (name) => slots.get(name)?.restarts ?? 0,
    stop: () => stopAll({ kind: "stopped" }),
    done,
  };
}
