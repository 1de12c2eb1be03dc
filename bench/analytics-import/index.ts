/**
 * CSV import benchmark (issue 13 "Bad input": a 100 MB CSV is streamed, worker RSS under 250 MiB).
 * Generates a conversions CSV of --mb megabytes on disk (unique external ids, 200,000 recipients, a few
 * currencies and campaigns, quoted campaign names with commas every 50th row), then:
 *   - runs the import as the worker does, runCsvImport in a child process (node + tsx, nothing else
 *     loaded), which prints its peak RSS (getrusage maxrss), its RSS before the import, and the time of both
 *     passes (validation: one streaming read; import: a second read, 2,000-row unnest upserts in one
 *     transaction); BENCH_NODE_ARGS passes V8 flags (a heap cap) to that child;
 *   - beside two anchors on the same file in the same run: a bare COPY into a scratch table, and COPY into
 *     a temp table then one INSERT … ON CONFLICT into "Conversion" with the recipient hashed in SQL (the
 *     fastest way PostgreSQL itself can do the same import, with no validation messages).
 *
 * Embedded PostgreSQL in a temp directory (fsync off, as in the tests), loopback only; removed at the end.
 *
 *   npx tsx bench/analytics-import/index.ts [--mb 100]
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { createDb } from "../../packages/db/src/client.ts";
import { startEmbeddedPostgres } from "../../packages/db/src/embedded-postgres.ts";
import { migrate } from "../../packages/db/src/migrate.ts";
import { prepareQueues } from "../../packages/jobs/src/index.ts";
import { getIngestSettings } from "../../packages/services/src/ingest/settings.ts";

const { values } = parseArgs({ options: { mb: { type: "string", default: "100" }, child: { type: "boolean", default: false } } });
const MIB = 1024 * 1024;
const RSS_TARGET_MIB = 250;

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

/** Writes the CSV with backpressure; returns its rows. */
async function generate(file: string, bytes: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const currencies = ["EUR", "USD", "GBP", "JPY", "CHF"];
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  let written = 0;
  let rows = 0;
  const header = "external_id,recipient,occurred_at,value,currency,campaign\r\n";
  await write(header);
  written += header.length;
  let chunk = "";
  while (written < bytes) {
    const day = 1 + (rows % 28);
    const campaign = rows % 50 === 0 ? `"winter, sale ${rows % 7}"` : `campaign-${rows % 13}`;
    const line = `order-${String(rows).padStart(10, "0")},user${rows % 200_000}@example.com,2026-11-${String(day).padStart(2, "0")}T${String(rows % 24).padStart(2, "0")}:15:00Z,${(rows % 9973) / 100},${currencies[rows % currencies.length]},${campaign}\r\n`;
    chunk += line;
    written += line.length;
    rows++;
    if (chunk.length > 1 * MIB) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  await new Promise<void>((r) => out.end(() => r()));
  return rows;
}

/** The worker's side, alone in its process: runCsvImport, then its peak RSS. */
async function child() {
  const { runCsvImport } = await import("../../packages/services/src/analytics/imports/index.ts");
  const db = createDb(process.env.DATABASE_URL ?? "", { max: 3 });
  await db.analyticsImport.count();
  global.gc?.();
  const baselineMiB = process.resourceUsage().maxRSS / 1024;
  const t0 = performance.now();
  const done = await runCsvImport(
    { db, orgId: process.env.BENCH_ORG_ID ?? "", actor: { type: "SYSTEM", label: "bench" } },
    {
      importId: process.env.BENCH_IMPORT_ID ?? "",
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  await db.$disconnect();
  // maxRSS is in KiB on Linux.
  console.log(
    JSON.stringify({
      status: done.status,
      rows: done.rowsImported,
      errors: done.errors.length,
      seconds,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      baselineMiB,
      heapMiB: process.memoryUsage().heapUsed / MIB,
    }),
  );
}

interface ChildResult {
  status: string;
  rows: number;
  errors: number;
  seconds: number;
  maxRssMiB: number;
  baselineMiB: number;
  heapMiB: number;
}

async function runChild(env: Record<string, string>): Promise<ChildResult> {
  const proc = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean),
      "--import",
      "tsx",
      path.join(import.meta.dirname, "index.ts"),
      "--child",
    ],
    {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => proc.on("close", r));
  if (code !== 0) throw new Error(`child exited ${code}: ${out}`);
  return JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as ChildResult;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-bench-import-"));
  fs.chmodSync(dir, 0o755); // the server's COPY FROM reads the file as the postgres user
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: 0, ephemeral: true });
  try {
    await server.createDatabase("bench_import");
    const url = server.url("bench_import");
    await migrate(url);
    await prepareQueues(url);
    process.env.DATABASE_URL = url;
    const db = createDb(url, { max: 4 });
    const org = await db.organization.create({ data: { name: "Import", slug: "import" } });
    const anchorOrg = await db.organization.create({ data: { name: "Anchor", slug: "anchor" } });

    const file = path.join(dir, "conversions.csv");
    let t0 = performance.now();
    const rows = await generate(file, Number(values.mb) * MIB);
    fs.chmodSync(file, 0o644);
    const size = fs.statSync(file).size;
    console.log(
      `generated ${(size / MIB).toFixed(1)} MiB, ${rows.toLocaleString("en")} conversion rows in ${((performance.now() - t0) / 1000).toFixed(1)} s; load ${load()}`,
    );

    // Anchor 1: a bare COPY of the file into an untyped scratch table.
    await db.$executeRawUnsafe(
      `create unlogged table scratch (external_id text, recipient text, occurred_at text, value text, currency text, campaign text)`,
    );
    t0 = performance.now();
    await db.$executeRawUnsafe(`copy scratch from '${file}' with (format csv, header true)`);
    const copyS = (performance.now() - t0) / 1000;
    console.log(
      `anchor COPY into a scratch table: ${copyS.toFixed(1)} s = ${Math.round(rows / copyS).toLocaleString("en")} rows/s; load ${load()}`,
    );

    // Anchor 2: COPY into a temp table, then one INSERT … ON CONFLICT with the recipient hashed in SQL.
    const { recipientSalt } = await getIngestSettings({ db, orgId: anchorOrg.id });
    t0 = performance.now();
    await db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(
          `create temp table staged (external_id text, recipient text, occurred_at timestamptz, value float8, currency text, campaign text) on commit drop`,
        );
        await tx.$executeRawUnsafe(`copy staged from '${file}' with (format csv, header true)`);
        await tx.$executeRaw`
          insert into "Conversion" ("id", "orgId", "externalId", "recipientHash", "occurredAt", "value", "currency", "campaign")
          select gen_random_uuid()::text, ${anchorOrg.id}, external_id,
                 encode(sha256(convert_to(${recipientSalt} || ':' || lower(trim(recipient)), 'UTF8')), 'hex'),
                 occurred_at, value, upper(currency), coalesce(campaign, '')
          from staged
          on conflict ("orgId", "externalId") do update set "value" = excluded."value"`;
      },
      { timeout: 30 * 60_000 },
    );
    const copyInsertS = (performance.now() - t0) / 1000;
    console.log(
      `anchor COPY + INSERT … ON CONFLICT into "Conversion": ${copyInsertS.toFixed(1)} s = ${Math.round(rows / copyInsertS).toLocaleString("en")} rows/s; load ${load()}`,
    );

    // The import as the worker runs it.
    const imp = await db.analyticsImport.create({
      data: {
        orgId: org.id,
        kind: "CONVERSIONS",
        via: "csv",
        fileName: "conversions.csv",
        filePath: file,
        sizeBytes: size,
        status: "PENDING",
      },
    });
    const r = await runChild({ DATABASE_URL: url, BENCH_ORG_ID: org.id, BENCH_IMPORT_ID: imp.id });
    const stored = await db.conversion.count({ where: { orgId: org.id } });
    console.log(
      `runCsvImport (child process): ${r.status}, ${r.rows.toLocaleString("en")} rows (${stored.toLocaleString("en")} stored) in ${r.seconds.toFixed(1)} s = ` +
        `${Math.round(r.rows / r.seconds).toLocaleString("en")} rows/s (validation + import passes); peak RSS ${r.maxRssMiB.toFixed(0)} MiB (${r.baselineMiB.toFixed(0)} MiB after loading and one query, before the import); ` +
        `target < ${RSS_TARGET_MIB} MiB ${r.maxRssMiB < RSS_TARGET_MIB ? "MET" : "NOT MET"}; file deleted: ${!fs.existsSync(file)}; load ${load()}`,
    );
    await db.$disconnect();
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (values.child) await child();
else await main();
