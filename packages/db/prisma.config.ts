// Prisma CLI config. Prisma 7 downloads a native schema engine even for `generate`, which never runs it;
// this machine cannot reach Prisma's binary host, so we point the CLI at a stub. Migrations are plain SQL
// applied by src/migrate.ts (see infra/decisions/0002-sql-migrations.md).
import { defineConfig } from "prisma/config";
import { fileURLToPath } from "node:url";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ||= fileURLToPath(new URL("./schema-engine-offline.sh", import.meta.url));

export default defineConfig({
  schema: "../../prisma/schema",
  migrations: { path: "../../prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:55432/inboxwatch",
  },
});
