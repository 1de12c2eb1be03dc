export { createDb, directSql, getDb, poolStats, setDb, type Db, type DirectSql, type Tx } from "./client.ts";
export * from "./generated/prisma/client.ts";
