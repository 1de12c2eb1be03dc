import fs from "node:fs";

import { getDb } from "@inboxwatch/db";
import { readAtBoot } from "@inboxwatch/env";

import { workerEnv } from "./env.ts";
import { startWorker } from "./worker.ts";

const env = readAtBoot(workerEnv);
const reportSmtpTls =
  env.REPORT_SMTP_TLS_KEY_FILE && env.REPORT_SMTP_TLS_CERT_FILE
    ? { key: fs.readFileSync(env.REPORT_SMTP_TLS_KEY_FILE), cert: fs.readFileSync(env.REPORT_SMTP_TLS_CERT_FILE) }
    : undefined;
const reportSmtp = env.REPORT_SMTP_ENABLED
  ? { host: env.REPORT_SMTP_HOST, port: env.REPORT_SMTP_PORT, maxClients: env.REPORT_SMTP_MAX_CLIENTS, tls: reportSmtpTls }
  : undefined;
const syslog = env.SYSLOG_PORT > 0 ? { host: env.SYSLOG_HOST, port: env.SYSLOG_PORT } : undefined;
const worker = await startWorker({
  db: getDb(),
  databaseUrl: env.DATABASE_URL,
  healthPort: env.WORKER_HEALTH_PORT,
  concurrency: env.WORKER_CONCURRENCY,
  metricsToken: env.METRICS_TOKEN,
  reportSmtp,
  syslog,
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing running jobs…`);
  await worker.stop();
  await getDb().$disconnect();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
