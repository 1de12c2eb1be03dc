/**
 * Wiring of the SMTP probe jobs: system contexts for the runs; the egress policy comes from
 * EGRESS_ALLOW (policyFromEnv) inside the service, read per probe so tests can set it.
 */
import { type Db } from "@inboxwatch/db";
import { NotFoundError, type OrgContext } from "@inboxwatch/services";
import { runMonitorProbe, scheduleDueProbes } from "@inboxwatch/services/probes/index";

function systemCtx(db: Db, orgId: string): OrgContext {
  return { db, orgId, actor: { type: "SYSTEM", label: "smtp probe" } };
}

/** A monitor (or its server) removed after its job was queued: nothing to probe, nothing to retry. */
export async function runProbeJob(payload: { orgId: string; monitorId: string; slot: string }, { db }: { db: Db }) {
  try {
    return await runMonitorProbe(systemCtx(db, payload.orgId), { monitorId: payload.monitorId, slot: new Date(payload.slot) });
  } catch (err) {
    if (err instanceof NotFoundError) return { skipped: "gone" as const };
    throw err;
  }
}

export const scheduleProbesJob = (_payload: unknown, { db }: { db: Db }) => scheduleDueProbes(db);
