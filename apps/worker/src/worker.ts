import http from "node:http";

import { type Db } from "@inboxwatch/db";
import { ensureQueues, JOBS, type JobName, PgBoss } from "@inboxwatch/jobs";
import { SERVICE_ERRORS } from "@inboxwatch/services";
import { bindMetricsDatabase, metrics, renderMetrics, SCRAPE_REFUSAL_STATUS, scrapeAccess } from "@inboxwatch/services/metrics";

import { batchHandlers, handlers } from "./handlers.ts";
import { holdLease, MAINTENANCE_INTERVAL_SECONDS, startReclaimingUnleasedJobs } from "./job-lease.ts";
import { type ReportSmtpOptions, startReportSmtp } from "./intake/report-smtp.ts";
import { startSyslogReceiver, type SyslogReceiverOptions } from "./intake/syslog.ts";
import { closeReportRenderer } from "./scheduled-reports.ts";

export interface RunningWorker {
  boss: PgBoss;
  healthPort: number;
  /** Port of the report SMTP server, when started. */
  reportSmtpPort: number | null;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the application database, creates queues and schedules, and works every job that has
 * a handler. Any number of workers may run against one database; pg-boss hands each job to one of them.
 */
export async function startWorker(options: {
  db: Db;
  databaseUrl: string;
  healthPort: number;
  concurrency: number;
  /** METRICS_TOKEN: GET /metrics on the health port answers with it; unset → 404. */
  metricsToken?: string;
  log?: (m: string) => void;
  reportSmtp?: Omit<ReportSmtpOptions, "db" | "log">;
  syslog?: Omit<SyslogReceiverOptions, "db" | "log">;
}): Promise<RunningWorker> {
  const log = options.log ?? ((m: string) => console.log(`[worker] ${m}`));
  // Frequent maintenance: it is what hands out again the jobs of a worker that died (job-lease.ts).
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    max: options.concurrency + 8,
    maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS,
  });
  boss.on("error", (err) => console.error("[worker] pg-boss:", err.message));
  await boss.start();
  await ensureQueues(boss);
  bindMetricsDatabase(() => options.db);

  await workQueues(boss, { db: options.db, names: Object.keys(handlers) as JobName[], concurrency: options.concurrency });
  // Jobs a worker fetched but died before leasing (job-lease.ts): handed back like expired leases.
  const reclaim = startReclaimingUnleasedJobs(boss, (err) => console.error("[worker] reclaiming unleased jobs failed:", err.message));
  log(`working ${Object.keys(handlers).join(", ")}`);

  let healthy = true;
  const health = http.createServer((req, res) => {
    if (req.url?.split("?")[0] === "/metrics") {
      void serveMetrics(req, res, options.metricsToken);
      return;
    }
    if (req.url !== "/health") {
      res.writeHead(SERVICE_ERRORS.NOT_FOUND.http).end();
      return;
    }
    res
      .writeHead(healthy ? 200 : SERVICE_ERRORS.UNAVAILABLE.http, { "content-type": "application/json" })
      .end(JSON.stringify({ ok: healthy, queues: Object.keys(JOBS).length }));
  });
  await new Promise<void>((resolve) => health.listen(options.healthPort, "127.0.0.1", resolve));
  const healthPort = (health.address() as { port: number }).port;
  log(`health on http://127.0.0.1:${healthPort}/health`);
  const reportSmtp = options.reportSmtp
    ? await startReportSmtp({ ...options.reportSmtp, db: options.db, log: (m) => log(`report-smtp: ${m}`) })
    : null;
  const syslog = options.syslog ? await startSyslogReceiver({ ...options.syslog, db: options.db, log: (m) => log(`syslog: ${m}`) }) : null;

  return {
    boss,
    healthPort,
    reportSmtpPort: reportSmtp?.port ?? null,
    async stop() {
      healthy = false;
      reclaim.stop();
      // Stop accepting report mail first; what was acknowledged is committed and waits in the queue.
      await reportSmtp?.stop();
      // Closes the listeners and writes the buffered lines as a last batch.
      await syslog?.stop();
      // Graceful: stop fetching, let running jobs finish (up to 30 s), then close.
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
      // The Chromium of report PDFs, if a build started one.
      await closeReportRenderer();
      await new Promise<void>((resolve) => health.close(() => resolve()));
    },
  };
}

/**
 * Works the named queues with their handlers on `boss`: `concurrency` pollers per queue (unless the queue
 * sets its own), batch handlers fetching their batch size. Exported for the report benchmark, which runs
 * the worker's own `reports.process` path.
 */
export async function workQueues(boss: PgBoss, options: { db: Db; names: readonly JobName[]; concurrency: number }): Promise<void> {
  for (const name of options.names) {
    const handler = handlers[name] as (payload: unknown, deps: { db: Db }) => Promise<unknown>;
    const schema = JOBS[name].schema;
    // `concurrency` pollers per queue: jobs of one queue run side by side (deliveries wait on remote peers).
    const pollers = JOBS[name].queue.concurrency ?? options.concurrency;
    const batch = batchHandlers[name];
    const size = batch?.size ?? 1;
    const handle = async (jobs: { data: unknown }[]): Promise<unknown> => {
      if (batch)
        return batch.handler(
          jobs.map((j) => schema.parse(j.data) as never),
          { db: options.db },
        );
      const [job] = jobs;
      // Validate on the way out too: a payload written by an older release must still be what the handler expects.
      return job ? handler(schema.parse(job.data), { db: options.db }) : undefined;
    };
    // While the handler runs, the jobs' lease is renewed: if this process dies they are handed out again
    // within about half a minute instead of after the queue's expiry.
    const run = async (jobs: { id: string; data: unknown }[]): Promise<unknown> => {
      const lease = await holdLease(
        boss,
        name,
        jobs.map((j) => j.id),
        (err) => console.error(`[worker] ${name}: lease renewal failed:`, err.message),
      );
      const end = metrics().jobDuration.startTimer({ queue: name });
      try {
        return await handle(jobs);
      } catch (err) {
        metrics().jobFailures.inc({ queue: name });
        throw err;
      } finally {
        end();
        lease.release();
      }
    };
    for (let i = 0; i < pollers; i++) {
      // Known once work() returns; the first fetch may already be running by then.
      const poller: { id?: string } = {};
      // 0.5 s is pg-boss 10's shortest polling interval.
      poller.id = await boss.work(name, { batchSize: size, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        const result = await run(jobs);
        // A full fetch means more jobs are likely waiting: fetch again at once instead of sleeping the polling
        // interval (pg-boss skips its delay for a notified worker), so a burst drains at processing speed.
        // An empty queue answers the next fetch with nothing, and the poller sleeps as before.
        if (jobs.length === size && poller.id) boss.notifyWorker(poller.id);
        return result;
      });
    }
  }
}

/** GET /metrics on the health server: the bearer token of scrape.ts, then the process's registry. */
async function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse, token: string | undefined): Promise<void> {
  const access = scrapeAccess(req.headers.authorization, token);
  if (access !== "allowed") {
    const headers: Record<string, string> = access === "unauthorized" ? { "www-authenticate": 'Bearer realm="metrics"' } : {};
    res.writeHead(SCRAPE_REFUSAL_STATUS[access], headers).end();
    return;
  }
  try {
    const { body, contentType } = await renderMetrics();
    res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" }).end(body);
  } catch (err) {
    console.error("[worker] metrics:", (err as Error).message);
    res.writeHead(500).end();
  }
}
