/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes a database migrated with
 * the existing migrations to prisma/schema.
 *
 * Prisma 7's migration engine is a native download this machine cannot reach (see
 * infra/decisions/0002-sql-migrations.md); Prisma 6.19's CLI carries a WASM engine that can diff. It is
 * installed once into ~/.cache/inboxwatch-prisma6 from the npm registry (a dev-time tool, never a
 * dependency of the app), pointed at a scratch database on an embedded PostgreSQL.
 *
 *   npx tsx scripts/new-migration.ts add_probe_results
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import pg from "pg";

import { startEmbeddedPostgres } from "../packages/db/src/embedded-postgres.ts";
import { migrate, MIGRATIONS_DIR } from "../packages/db/src/migrate.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npx tsx scripts/new-migration.ts <snake_case_name>");
  process.exit(2);
}

const toolDir = path.join(os.homedir(), ".cache", "inboxwatch-prisma6");
if (!fs.existsSync(path.join(toolDir, "node_modules", "prisma"))) {
  fs.mkdirSync(toolDir, { recursive: true });
  fs.writeFileSync(path.join(toolDir, "package.json"), '{"name":"prisma6-tool","private":true}');
  execFileSync("npm", ["install", "--no-save", "prisma@6.19.3", "@prisma/adapter-pg@6.19.3", "pg@8"], { cwd: toolDir, stdio: "inherit" });
}
fs.writeFileSync(path.join(toolDir, "fake-engine"), "");
const schemaDir = path.join(toolDir, `schema-${process.pid}`);
fs.rmSync(schemaDir, { recursive: true, force: true });
fs.mkdirSync(schemaDir);
const configFile = path.join(toolDir, `prisma.config.${process.pid}.ts`);
fs.writeFileSync(
  configFile,
  `import { PrismaPg } from "@prisma/adapter-pg";
export default { experimental: { adapter: true }, engine: "js", schema: "${path.basename(schemaDir)}",
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }) };
`,
);
const ourSchema = path.resolve("prisma/schema");
/** Prisma 6 wants its own generator and a datasource url; everything else is our schema as it is. */
function prisma6(text: string): string {
  return text
    .replace(/generator client \{[^}]*\}/s, 'generator client {\n  provider = "prisma-client-js"\n  engineType = "client"\n}')
    .replace(/datasource db \{[^}]*\}/s, 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}');
}
// The committed schema is what the migrations produce (packages/db/src/migrations-match-schema.test.ts
// keeps it so); the migration is the difference from it to the working tree's schema.
const headDir = path.join(toolDir, `head-${process.pid}`);
fs.rmSync(headDir, { recursive: true, force: true });
fs.mkdirSync(headDir);
const headFiles = execFileSync("git", ["ls-tree", "--name-only", "HEAD", "prisma/schema/"], { encoding: "utf8" })
  .split("\n")
  .filter((f) => f.endsWith(".prisma"));
for (const f of headFiles) {
  fs.writeFileSync(path.join(headDir, path.basename(f)), prisma6(execFileSync("git", ["show", `HEAD:${f}`], { encoding: "utf8" })));
}
for (const f of fs.readdirSync(ourSchema).filter((f) => f.endsWith(".prisma"))) {
  let text = fs.readFileSync(path.join(ourSchema, f), "utf8");
  text = prisma6(text);
  fs.writeFileSync(path.join(schemaDir, f), text);
}

// A data directory per run: several engineers may write migrations at once.
const scratchDir = path.join(toolDir, `pg-${process.pid}`);
const server = await startEmbeddedPostgres({ dataDir: scratchDir, port: 0, ephemeral: true });
try {
  const admin = new pg.Client({ connectionString: server.url("postgres") });
  await admin.connect();
  await admin.query("drop database if exists scratch with (force)");
  await admin.query("create database scratch");
  await admin.end();
  await migrate(server.url("scratch"));
  const env = {
    ...process.env,
    DATABASE_URL: server.url("scratch"),
    PRISMA_QUERY_ENGINE_LIBRARY: path.join(toolDir, "fake-engine"),
    PRISMA_SCHEMA_ENGINE_BINARY: path.join(toolDir, "fake-engine"),
  };
  const sql = execFileSync(
    path.join(toolDir, "node_modules", ".bin", "prisma"),
    [
      "migrate",
      "diff",
      "--from-schema-datamodel",
      path.basename(headDir),
      "--to-schema-datamodel",
      path.basename(schemaDir),
      "--script",
      "--config",
      configFile,
    ],
    { cwd: toolDir, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (/^-- This is an empty migration\.?\s*$/m.test(sql) || sql.trim() === "") {
    console.log("prisma/schema already matches the migrations: nothing to write");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(
      `wrote ${path.relative(process.cwd(), dir)}/migration.sql — read it: it holds every difference between the schema and the migrations, including other people's uncommitted schema edits`,
    );
  }
} finally {
  await server.stop();
  fs.rmSync(scratchDir, { recursive: true, force: true });
  fs.rmSync(schemaDir, { recursive: true, force: true });
  fs.rmSync(configFile, { force: true });
  fs.rmSync(headDir, { recursive: true, force: true });
}
