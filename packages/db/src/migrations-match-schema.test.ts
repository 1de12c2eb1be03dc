import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import * as enums from "./generated/prisma/enums.ts";
import { Prisma } from "./generated/prisma/client.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

/**
 * Prisma's migration engine cannot run on these machines, so migrations are hand-applied SQL
 * (packages/db/src/migrate.ts). This test is what keeps prisma/schema and prisma/migrations in agreement:
 * every model's table has exactly the schema's scalar columns, every enum has exactly its values, and
 * Prisma can read every model through the migrated database.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

interface RuntimeField {
  name: string;
  kind: string;
  dbName?: string | null;
}
interface RuntimeModel {
  fields: RuntimeField[];
  dbName: string | null;
}

function runtimeModels(): Record<string, RuntimeModel> {
  // The generated client keeps its data model in its config; the shape is stable across Prisma 7 minors.
  const config = (t.db as unknown as { _runtimeDataModel: { models: Record<string, RuntimeModel> } })._runtimeDataModel;
  return config.models;
}

describe("migrations match prisma/schema", () => {
  it("every model's table has exactly the schema's scalar columns", async () => {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      const models = runtimeModels();
      expect(Object.keys(models).sort()).toEqual(Object.values(Prisma.ModelName).sort());
      const tables = await client.query<{ table_name: string }>(
        `select table_name from information_schema.tables where table_schema = 'public' and table_name <> '_prisma_migrations'`,
      );
      const tableNames = tables.rows.map((r) => r.table_name);
      for (const [name, model] of Object.entries(models)) {
        const table = model.dbName ?? name;
        const cols = await client.query<{ column_name: string }>(
          `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1`,
          [table],
        );
        const expected = model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum").map((f) => f.dbName ?? f.name);
        expect({ table, columns: cols.rows.map((r) => r.column_name).sort() }).toEqual({ table, columns: expected.sort() });
      }
      // Tables without a model are drift too, except partitions of a model's table.
      const partitions = await client.query<{ relname: string }>(
        `select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid`,
      );
      const partitionNames = new Set(partitions.rows.map((r) => r.relname));
      const modelTables = new Set(Object.entries(models).map(([n, m]) => m.dbName ?? n));
      expect(tableNames.filter((n) => !modelTables.has(n) && !partitionNames.has(n))).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it("every enum has exactly the schema's values", async () => {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      for (const [name, values] of Object.entries(enums)) {
        const rows = await client.query<{ enumlabel: string }>(
          `select e.enumlabel from pg_enum e join pg_type t on t.oid = e.enumtypid where t.typname = $1 order by e.enumsortorder`,
          [name],
        );
        expect({ name, values: rows.rows.map((r) => r.enumlabel) }).toEqual({ name, values: Object.values(values) });
      }
    } finally {
      await client.end();
    }
  });

  it("Prisma reads every model from the migrated database", async () => {
    for (const name of Object.values(Prisma.ModelName)) {
      const delegate = (t.db as unknown as Record<string, { findMany(a: object): Promise<unknown[]> }>)[
        name.charAt(0).toLowerCase() + name.slice(1)
      ];
      await expect(delegate!.findMany({ take: 1 })).resolves.toEqual([]);
    }
  });
});
