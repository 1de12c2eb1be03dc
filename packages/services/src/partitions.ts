/**
 * Monthly range partitions of append-only tables (ProbeResult, DeliveryEvent…), named
 * `<Table>_pYYYYMM`. Months are created ahead of time because a row for a month without its partition
 * lands in the table's DEFAULT partition, and once the default holds rows of a month, that month's
 * partition can no longer be created (PostgreSQL refuses: the rows would belong to it). Retention drops
 * whole months: DROP of a partition is instant, DELETE of millions of rows is not.
 */
import { type SystemContext } from "./context.ts";

const monthStart = (y: number, m: number) => new Date(Date.UTC(y, m, 1));

/** `<table>_pYYYYMM` for the month holding `d` (UTC). */
export function monthlyPartitionName(table: string, d: Date): string {
  return `${table}_p${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Identifiers cannot be bound as parameters: only plain table names are accepted here. */
function assertIdentifier(table: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(table)) throw new Error(`not a plain table name: ${table}`);
}

export interface EnsuredPartitions {
  created: string[];
  /** Months whose rows already sit in the default partition: they stay there, still queryable. */
  skipped: string[];
}

/** Creates the partitions of the current month and `aheadMonths` after it when missing. Idempotent. */
export async function ensureMonthlyPartitions(
  ctx: SystemContext,
  input: { table: string; now: Date; aheadMonths: number },
): Promise<EnsuredPartitions> {
  const { db } = ctx;
  const { table, now, aheadMonths } = input;
  assertIdentifier(table);
  const out: EnsuredPartitions = { created: [], skipped: [] };
  for (let k = 0; k <= aheadMonths; k++) {
    const from = monthStart(now.getUTCFullYear(), now.getUTCMonth() + k);
    const to = monthStart(from.getUTCFullYear(), from.getUTCMonth() + 1);
    const name = monthlyPartitionName(table, from);
    const exists = await db.$queryRawUnsafe<unknown[]>(`select 1 from pg_class where relname = $1`, name);
    if (exists.length > 0) continue;
    try {
      await db.$executeRawUnsafe(
        `create table if not exists "${name}" partition of "${table}" for values from ('${from.toISOString()}') to ('${to.toISOString()}')`,
      );
      out.created.push(name);
    } catch {
      out.skipped.push(name);
    }
  }
  return out;
}

/** Drops the monthly partitions that end at or before `cutoff` (the default partition is left alone). */
export async function dropMonthlyPartitionsBefore(ctx: SystemContext, input: { table: string; cutoff: Date }): Promise<string[]> {
  const { db } = ctx;
  const { table, cutoff } = input;
  assertIdentifier(table);
  const pattern = new RegExp(`^${table}_p(\\d{4})(\\d{2})$`);
  const partitions = await db.$queryRawUnsafe<{ relname: string }[]>(
    `select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = $1`,
    table,
  );
  const dropped: string[] = [];
  for (const { relname } of partitions) {
    const m = pattern.exec(relname);
    if (!m) continue;
    // Group 2 is the 1-based month: monthStart(y, month) is the first day of the NEXT month, the partition's end.
    if (monthStart(Number(m[1]), Number(m[2])) <= cutoff) {
      await db.$executeRawUnsafe(`drop table if exists "${relname}"`);
      dropped.push(relname);
    }
  }
  return dropped.sort();
}
