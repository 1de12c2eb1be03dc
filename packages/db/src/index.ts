export { createDb, directSql, getDb, setDb, type Db, type DirectSql, type Tx } from "./client.ts";
export * from "./generated/prisma/client.ts";
