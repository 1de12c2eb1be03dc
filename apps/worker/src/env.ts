import { z } from "zod";

const ZWorkerEnv = z.object({
  DATABASE_URL: z.string().url(),
  INBOXWATCH_ENCRYPTION_KEYS: z.string().min(1),
  /** Port of the worker's health endpoint (GET /health); 0 picks a free one. */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Jobs of one queue worked at once by this process. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
});

export function workerEnv() {
  return ZWorkerEnv.parse(process.env);
}
