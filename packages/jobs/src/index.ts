export { defineJob, type JobDefinition, type QueueOptions } from "./define.ts";
export { JOBS, type JobName, type JobPayload } from "./registry.ts";
export { ensureQueues, getSender, prepareQueues, prismaExecutor, sendJob, PgBoss, type SqlExecutor, type RawQueryable } from "./boss.ts";
export { insertThenSendJob, insertThenSendSql, ROW_PARAMS_START } from "./insert-then-send.ts";
