/**
 * Crash drill of the whole platform (issue 20 item 12): `npm start` (scripts/start.ts) from an empty data
 * directory, log batches POSTed to /api/v1/ingest/logs with an API key throughout, the worker SIGKILLed a
 * few seconds in. Prints: requests sent, refused (anything but 202/200, or no answer), how long until the
 * supervisor had a new worker running, and how long until every acknowledged batch was processed (the
 * batch the dead worker held comes back through its job lease, apps/worker/src/job-lease.ts).
 *
 *   npx tsx bench/resilience/index.ts [--seconds 40] [--kill-after 5]
 *
 * Needs a production build of the web app (`npx turbo run build --filter=@inboxwatch/web`); it is not
 * rebuilt here. Too slow for the vitest suite; scripts/supervise.test.ts covers the supervisor itself.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { createDb } from "../../packages/db/src/client.ts";
import { freePort } from "../../packages/db/src/embedded-postgres.ts";
import { createApiKey } from "../../packages/services/src/apikey/apikey.ts";
import { DEMO_ORG } from "../../prisma/seed.ts";

const root = path.resolve(import.meta.dirname, "../..");
const { values } = parseArgs({ options: { seconds: { type: "string", default: "40" }, "kill-after": { type: "string", default: "5" } } });
const DRILL_MS = Number(values.seconds) * 1000;
const KILL_AFTER_MS = Number(values["kill-after"]) * 1000;
/** Two senders, one request each per 400 ms: 5 requests/s, under the intake's 600/min per organization. */
const SENDERS = 2;
const SEND_PAUSE_MS = 400;
const MESSAGES_PER_BATCH = 25;
/** The platform's first start (migrations, demo seed through the real pipelines) takes a while. */
const START_DEADLINE_MS = 180_000;
/** After the drill: every acknowledged batch processed within this, or the drill fails. */
const PROCESSED_DEADLINE_MS = 120_000;
const POLL_MS = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (!fs.existsSync(path.join(root, "apps/web/.next/BUILD_ID"))) {
  console.error("No web build: run `npx turbo run build --filter=@inboxwatch/web` first.");
  process.exit(2);
}

/** Linux: the pid of start.ts's child running the worker (node --import tsx apps/worker/src/main.ts). */
function workerPid(parent: number): number | undefined {
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parent && fs.readFileSync(`/proc/${name}/cmdline`, "utf8").includes("apps/worker/src/main.ts")) return Number(name);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

function batchText(b: number): string {
  const lines: string[] = [];
  for (let m = 0; m < MESSAGES_PER_BATCH; m++) {
    const id = `D${String(b).padStart(5, "0")}${String(m).padStart(3, "0")}`;
    const time = `09:${String(Math.floor(b / 60) % 60).padStart(2, "0")}:${String(b % 60).padStart(2, "0")}`;
    lines.push(
      `Mar  3 ${time} mx postfix/qmgr[1]: ${id}: from=<news@brand.example>, size=100, nrcpt=1 (queue active)`,
      `Mar  3 ${time} mx postfix/smtp[2]: ${id}: to=<d${b}.${m}@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.1]:25, delay=1, delays=0.1/0.1/0.4/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok)`,
    );
  }
  return `${lines.join("\n")}\n`;
}

async function main(): Promise<number> {
  const port = await freePort();
  const dataDir = path.join(root, `.data/resilience-${process.pid}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    INBOXWATCH_DATA_DIR: dataDir,
    INBOXWATCH_FRESH: "1",
    INBOXWATCH_SKIP_BUILD: "1",
    INBOXWATCH_PG_PORT: "0",
    WORKER_HEALTH_PORT: "0",
    EGRESS_ALLOW: "127.0.0.0/8,::1/128",
  };
  delete env.DATABASE_URL;
  let output = "";
  const platform: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  platform.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  platform.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => platform.once("exit", (code) => resolve(code)));
  try {
    for (const deadline = Date.now() + START_DEADLINE_MS; !output.includes("Inboxwatch is running"); await sleep(POLL_MS)) {
      if (Date.now() > deadline || platform.exitCode !== null) throw new Error(`the platform did not start:\n${output}`);
    }
    const pgPort = /embedded PostgreSQL in .* \(port (\d+)\)/.exec(output)?.[1];
    if (!pgPort) throw new Error(`no database port in:\n${output}`);
    const db = createDb(`postgresql://postgres:postgres@127.0.0.1:${pgPort}/inboxwatch`, { max: 2 });
    const org = await db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug } });
    const { key } = await createApiKey(
      { db, orgId: org.id, actor: { type: "SYSTEM", label: "crash drill" } },
      { name: "crash drill", scopes: ["ingest"] },
    );

    const firstWorker = workerPid(platform.pid!);
    if (!firstWorker) throw new Error("no worker process found under start.ts");
    const started = Date.now();
    const acked: string[] = [];
    const refused: string[] = [];
    let next = 0;
    const sender = async () => {
      while (Date.now() - started < DRILL_MS) {
        const b = next++;
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/v1/ingest/logs?source=drill&format=postfix`, {
            method: "POST",
            headers: { authorization: `Bearer ${key}`, "idempotency-key": `drill-${b}`, "content-type": "text/plain" },
            body: batchText(b),
          });
          if (res.status === 202 || res.status === 200) acked.push(((await res.json()) as { id: string }).id);
          else refused.push(`${res.status} ${await res.text()}`);
        } catch (err) {
          refused.push((err as Error).message);
        }
        await sleep(SEND_PAUSE_MS);
      }
    };
    const watcher = async () => {
      await sleep(KILL_AFTER_MS);
      process.kill(firstWorker, "SIGKILL");
      const killedAt = Date.now();
      let newWorker: number | undefined;
      while (!(newWorker = workerPid(platform.pid!)) || newWorker === firstWorker) await sleep(50);
      return { killedAt, workerBackMs: Date.now() - killedAt };
    };
    const [{ killedAt, workerBackMs }] = await Promise.all([watcher(), ...Array.from({ length: SENDERS }, sender)]);

    let processedMs = Number.NaN;
    for (const deadline = Date.now() + PROCESSED_DEADLINE_MS; Date.now() < deadline; await sleep(POLL_MS)) {
      const pending = await db.rawLogBatch.count({ where: { id: { in: acked }, status: { not: "PROCESSED" } } });
      if (pending === 0) {
        processedMs = Date.now() - killedAt;
        break;
      }
    }
    const events = await db.deliveryEvent.count({ where: { orgId: org.id, source: "drill" } });
    // A batch still waiting: its job says why (state, attempts, when it may run next, last error).
    const waiting = await db.rawLogBatch.findMany({ where: { id: { in: acked }, status: { not: "PROCESSED" } }, select: { id: true } });
    const waitingJobs = await db.$queryRawUnsafe<unknown[]>(
      `select state::text, retry_count, created_on, started_on, start_after, expire_in::text, completed_on, output from pgboss.job where name = 'ingest.process-batch' and data->>'batchId' = any($1::text[])`,
      waiting.map((w) => w.id),
    );
    // How long acknowledged batches waited for a worker: the ones posted while it was down wait longest.
    const waits = (await db.rawLogBatch.findMany({ where: { id: { in: acked } }, select: { receivedAt: true, processedAt: true } })).map(
      (b) => (b.processedAt?.getTime() ?? Number.NaN) - b.receivedAt.getTime(),
    );
    const longestWaitMs = Math.max(...waits);
    // Batches the dead worker held: pg-boss handed their jobs out a second time (retry_count 1).
    const held = await db.$queryRawUnsafe<{ id: string }[]>(
      `select data->>'batchId' as id from pgboss.job where name = 'ingest.process-batch' and retry_count > 0`,
    );
    const heldWaits = (
      await db.rawLogBatch.findMany({ where: { id: { in: held.map((h) => h.id) } }, select: { receivedAt: true, processedAt: true } })
    ).map((b) => ((b.processedAt?.getTime() ?? Number.NaN) - b.receivedAt.getTime()) / 1000);
    await db.$disconnect();
    const restarts = (output.match(/worker exited \(SIGKILL\); restarting it/g) ?? []).length;
    console.log(
      `crash drill: ${acked.length + refused.length} intake requests over ${DRILL_MS / 1000} s, worker SIGKILLed after ${KILL_AFTER_MS / 1000} s`,
    );
    console.log(`  refused:                         ${refused.length}${refused.length ? ` (${refused.slice(0, 3).join("; ")})` : ""}`);
    console.log(`  worker restarted by supervisor:  ${restarts} time(s), new worker process after ${(workerBackMs / 1000).toFixed(1)} s`);
    // Held = its job was handed out a second time: the dead worker was processing it, or had processed it
    // without marking the job completed (then the second run skips it).
    console.log(
      `  batches whose job the dead worker held: ${heldWaits.length}${heldWaits.length ? `, processed ${heldWaits.map((w) => w.toFixed(1)).join(", ")} s after they were acknowledged` : ""}`,
    );
    console.log(
      `  longest wait acknowledged → processed: ${(longestWaitMs / 1000).toFixed(1)} s; all ${acked.length} processed ${(processedMs / 1000).toFixed(1)} s after the kill (${events} of ${acked.length * MESSAGES_PER_BATCH} delivery events)`,
    );
    if (waitingJobs.length) console.log("  still waiting:", JSON.stringify(waitingJobs, null, 2));
    return refused.length === 0 && restarts === 1 && Number.isFinite(processedMs) && events === acked.length * MESSAGES_PER_BATCH ? 0 : 1;
  } finally {
    // Ctrl-C equivalent: the whole platform stops, PostgreSQL included.
    if (platform.exitCode === null) process.kill(-platform.pid!, "SIGTERM");
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(err);
  return 1;
});
