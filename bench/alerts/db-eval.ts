/**
 * Evaluation throughput with the database in the loop, on the SAME rules and data both ways at the same
 * instant: one `evaluateRules` per organization (a round of queries each, as the sweep ran before), then
 * batched as the worker does (`evaluateOrganizations` over EVALUATE_BATCH_SIZE organizations: one query per
 * input kind per batch). Each way runs two sweeps a minute apart from a clean slate (rule states and
 * incidents reset): the first writes every rule's state and opens the incidents, the second is the steady
 * state.
 */
import { EVALUATE_BATCH_SIZE } from "../../apps/worker/src/alerts.ts";
import { type Db, Prisma } from "../../packages/db/src/index.ts";
import { evaluateOrganizations, evaluateRules } from "../../packages/alerting/src/index.ts";
import { forOrg, systemContext } from "../../packages/services/src/index.ts";

export interface SweepTimes {
  opened: number;
  firstMs: number;
  steadyMs: number;
}

type Sweep = (now: number) => Promise<number>;

export async function compareEvaluation(
  db: Db,
  orgIds: readonly string[],
  now = Date.now(),
): Promise<{ rules: number; perOrg: SweepTimes; batched: SweepTimes }> {
  const ids = [...orgIds];
  const rules = await db.alertRule.count({ where: { orgId: { in: ids }, enabled: true } });
  const reset = async () => {
    await db.incident.deleteMany({ where: { orgId: { in: ids } } });
    await db.alertRule.updateMany({ where: { orgId: { in: ids } }, data: { state: Prisma.DbNull, lastEvaluatedAt: null } });
  };
  const perOrgSweep: Sweep = async (at) => {
    let opened = 0;
    for (const orgId of ids) opened += (await evaluateRules(forOrg(systemContext(db, "bench"), orgId), { now: at })).opened;
    return opened;
  };
  const batchedSweep: Sweep = async (at) => {
    let opened = 0;
    for (let i = 0; i < ids.length; i += EVALUATE_BATCH_SIZE) {
      opened += (
        await evaluateOrganizations(systemContext(db, "bench"), {
          orgs: ids.slice(i, i + EVALUATE_BATCH_SIZE).map((orgId) => ({ orgId })),
          now: at,
        })
      ).opened;
    }
    return opened;
  };
  const measure = async (sweep: Sweep): Promise<SweepTimes> => {
    await reset();
    let t = performance.now();
    const opened = await sweep(now);
    const firstMs = performance.now() - t;
    t = performance.now();
    await sweep(now + 60_000);
    return { opened, firstMs, steadyMs: performance.now() - t };
  };
  const perOrg = await measure(perOrgSweep);
  const batched = await measure(batchedSweep);
  return { rules, perOrg, batched };
}
