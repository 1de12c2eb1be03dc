import { getDb } from "@inboxwatch/db";

import { workerEnv } from "./env.ts";
import { startWorker } from "./worker.ts";

const env = workerEnv();
const worker = await startWorker({ db: getDb(), databaseUrl: env.DATABASE_URL, healthPort: env.WORKER_HEALTH_PORT, concurrency: env.WORKER_CONCURRENCY });

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
