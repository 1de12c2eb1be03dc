export { createDb, getDb, setDb, type Db, type Tx } from "./client.ts";
export * from "./generated/prisma/client.ts";
