import { type z } from "zod";

/** Queue options per job, applied when the worker creates the queue at boot. */
export interface QueueOptions {
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  expireInSeconds: number;
  /** Jobs that exhaust their retries land here for inspection. */
  deadLetter?: string;
  /** Jobs of this queue one worker process runs at once (default WORKER_CONCURRENCY). */
  concurrency?: number;
}

export interface JobDefinition<TName extends string = string, TSchema extends z.ZodType = z.ZodType> {
  name: TName;
  schema: TSchema;
  queue: QueueOptions;
  /** A cron expression (UTC) when the job also runs on a schedule. */
  cron?: string;
  /** Derives pg-boss's singleton key from the payload, so a job for the same thing is not queued twice. */
  singletonKey?: (payload: z.infer<TSchema>) => string;
}

export function defineJob<const TName extends string, TSchema extends z.ZodType>(
  def: JobDefinition<TName, TSchema>,
): JobDefinition<TName, TSchema> {
  return def;
}

export const DEFAULT_QUEUE: QueueOptions = {
  retryLimit: 5,
  retryDelaySeconds: 10,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
  deadLetter: "dead-letter",
};
