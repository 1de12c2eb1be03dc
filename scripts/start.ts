/**
 * `npm start`: the whole platform from a fresh clone.
 *   1. DATABASE_URL unset → an embedded PostgreSQL in .data/pg (started, or reused from a killed run)
 *   2. migrations applied, demo organization seeded (idempotent)
 *   3. the web app built if needed (Turborepo skips an unchanged build)
 *   4. web (apps/web/server.ts: Next.js behind the client-address resolver) and worker started; URL and demo login printed
 * Ctrl-C / SIGTERM stops web, worker and the embedded server, in that order. A web or worker process that
 * dies is restarted alone with a backoff (scripts/supervise.ts); only a crash loop stops everything. Their
 * output also goes to .data/logs/<name>.log.
 *
 * Environment: see .env.example. INBOXWATCH_DATA_DIR moves .data; INBOXWATCH_FRESH=1 starts from an empty
 * database (used by the e2e suite); INBOXWATCH_SKIP_BUILD=1 trusts an existing build; INBOXWATCH_PG_PORT sets the embedded server's port (0 = any free one).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

import { readAtBoot } from "@inboxwatch/env";

import { createDb } from "../packages/db/src/client.ts";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../packages/db/src/embedded-postgres.ts";
import { migrate } from "../packages/db/src/migrate.ts";
import { prepareQueues } from "../packages/jobs/src/index.ts";
import { DEMO_LOGIN, DEMO_MARKETING_LOGIN, DEMO_ORG, seed } from "../prisma/seed.ts";
import { type DemoLab, startDemoLab } from "./demo-lab/index.ts";
import { launcherEnv } from "./start-env.ts";
import { killGroup, supervise, type Supervisor } from "./supervise.ts";

const root = path.resolve(import.meta.dirname, "..");
if (fs.existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
// Its own variables, checked at once (scripts/start-env.ts); what it passes on, web and worker check themselves.
const launch = readAtBoot(launcherEnv.read);
const dataDir = path.resolve(root, launch.INBOXWATCH_DATA_DIR);
const port = launch.PORT;
const host = launch.HOST;
const say = (m: string) => console.log(`[inboxwatch] ${m}`);
/** How often a long first build says it is still alive. */
const BUILD_HEARTBEAT_MS = 20_000;

/** Secrets a fresh machine does not have yet: generated once into .data/secrets.json, reused after. */
function ensureSecrets(): void {
  const file = path.join(dataDir, "secrets.json");
  const stored = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>) : {};
  stored.AUTH_SECRET ??= randomBytes(32).toString("base64");
  stored.INBOXWATCH_ENCRYPTION_KEYS ??= `1:${randomBytes(32).toString("base64")}`;
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  for (const [k, v] of Object.entries(stored)) process.env[k] ||= v;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** The one-off web build, stopped by Ctrl-C like the servers. */
let build: ChildProcess | undefined;
let servers: Supervisor | undefined;
let pg: EmbeddedPostgres | undefined;
let lab: DemoLab | undefined;
let stopping = false;

async function stopAll(code: number): Promise<void> {
  // A signal often arrives twice (to the process group, and relayed by the npx/tsx wrappers): the first
  // one starts the shutdown, later ones must not cut it short before PostgreSQL is stopped.
  if (stopping) return;
  stopping = true;
  say("stopping…");
  if (build && build.exitCode === null && build.signalCode === null) {
    const exited = new Promise((resolve) => build?.once("exit", resolve));
    killGroup(build, "SIGTERM");
    await exited;
  }
  await servers?.stop();
  await lab?.close();
  if (pg) await pg.stop();
  say("stopped");
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

async function main(): Promise<void> {
  if (launch.INBOXWATCH_FRESH) fs.rmSync(dataDir, { recursive: true, force: true });
  ensureSecrets();
  if (!process.env.DATABASE_URL) {
    // The usual port when free (stable URLs between runs); any free port when something else holds it.
    const wanted = launch.INBOXWATCH_PG_PORT ?? 55432;
    const pgPort = wanted !== 0 && launch.INBOXWATCH_PG_PORT === undefined && !(await isPortFree(wanted)) ? 0 : wanted;
    pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: pgPort, log: say });
    await pg.createDatabase("inboxwatch");
    process.env.DATABASE_URL = pg.url("inboxwatch");
  }
  const migrated = await migrate(process.env.DATABASE_URL);
  say(`database migrated (${migrated.applied.length} applied, ${migrated.skipped} already there)`);
  // The seed enqueues jobs (its activity goes through the real pipelines) before the worker ever ran.
  await prepareQueues(process.env.DATABASE_URL);
  const db = createDb(process.env.DATABASE_URL, { max: 2 });
  const seeded = await seed(db);
  await db.$disconnect();
  if (seeded.created) say("demo organization seeded");

  process.env.APP_URL ||= `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;
  process.env.AUTH_URL ||= process.env.APP_URL;
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.TURBO_TELEMETRY_DISABLED = "1";
  if (!launch.INBOXWATCH_SKIP_BUILD || !fs.existsSync(path.join(root, "apps/web/.next/BUILD_ID"))) {
    say("building the web app (skipped when nothing changed; about two minutes the first time on 2 cores)…");
    // Asynchronous on purpose: a Ctrl-C during the build must still reach stopAll and stop PostgreSQL.
    // `new-only` shows Next's own progress on a real build and stays quiet on a cache hit.
    const child = spawn("npx", ["turbo", "run", "build", "--filter=@inboxwatch/web", "--output-logs=new-only"], {
      cwd: root,
      stdio: "inherit",
      env: process.env,
      detached: true,
    });
    build = child;
    const started = Date.now();
    // Next is silent for long stretches (compiling, type-free page data): say that the build is alive.
    const heartbeat = setInterval(
      () => say(`still building the web app (${Math.round((Date.now() - started) / 1000)} s)…`),
      BUILD_HEARTBEAT_MS,
    );
    const status = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    clearInterval(heartbeat);
    if (status === 0) say(`web app built in ${Math.round((Date.now() - started) / 1000)} s`);
    if (stopping) return;
    if (status !== 0) {
      say("web build failed");
      await stopAll(1);
      return;
    }
  }

  // The demo lab: with the embedded database (a local evaluation) unless INBOXWATCH_DEMO_LAB=0, or wherever
  // INBOXWATCH_DEMO_LAB=1 asks for it. It answers for the demo's names and relays every other DNS question.
  const labWanted = launch.INBOXWATCH_DEMO_LAB === "1" || (Boolean(pg) && launch.INBOXWATCH_DEMO_LAB !== "0");
  if (labWanted) {
    lab = await startDemoLab({ dataDir, upstreamDnsServers: process.env.DNS_SERVERS });
    process.env.DNS_SERVERS = lab.dnsAddress;
    // The lab listens on 127.0.0.1: the egress guard must let probes reach it (and with it, any loopback target).
    if (!/(^|,)\s*127\.0\.0\.(0\/8|1(\/32)?)\s*(,|$)/.test(process.env.EGRESS_ALLOW ?? "")) {
      process.env.EGRESS_ALLOW = [process.env.EGRESS_ALLOW, "127.0.0.1/32"].filter(Boolean).join(",");
    }
    say(
      `demo lab: DNS for acme-mail.example on ${lab.dnsAddress}, SMTP ${lab.listening.length} ports on 127.0.0.1${lab.failed.length > 0 ? ` (could not listen: ${lab.failed.join(", ")})` : ""}`,
    );
  }

  const env = { ...process.env };
  const logs = path.join(dataDir, "logs");
  // Node itself, not the npx/tsx wrappers: the supervised pid is the server, so a kill of it is seen at once.
  servers = supervise(
    [
      {
        name: "web",
        command: process.execPath,
        args: ["--import", "tsx", "apps/web/server.ts", "-p", String(port), "-H", host],
        cwd: root,
        env,
        logFile: path.join(logs, "web.log"),
      },
      {
        name: "worker",
        command: process.execPath,
        args: ["--import", "tsx", "apps/worker/src/main.ts"],
        cwd: root,
        env,
        logFile: path.join(logs, "worker.log"),
      },
    ],
    { log: say },
  );
  void servers.done.then((reason) => stopAll(reason.kind === "crash-loop" ? 1 : 0));

  // Wait for the web app to answer before announcing it.
  const url = process.env.APP_URL;
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`
  Inboxwatch is running.

    URL:        ${url}
    Demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}   (organization "${DEMO_ORG.name}")
    Marketing:  ${DEMO_MARKETING_LOGIN.email} / ${DEMO_MARKETING_LOGIN.password}   (analytics only)
    Database:   ${pg ? `embedded PostgreSQL in ${path.relative(root, pg.dataDir) || pg.dataDir} (port ${pg.port})` : "DATABASE_URL"}
    Outbox:     ${process.env.SMTP_URL ? "SMTP_URL" : `${url}/dev/outbox (SMTP_URL not set)`}
    Demo lab:   ${lab ? `the demo's servers and DNS answer on 127.0.0.1 (loopback probes allowed; INBOXWATCH_DEMO_LAB=0 turns it off)` : "off"}

  Press Ctrl-C to stop.
`);
}

main().catch(async (err: unknown) => {
  console.error(err);
  await stopAll(1);
});
