/**
 * Wiring of the SMTP probe jobs: system contexts for the runs; the egress policy comes from
 * EGRESS_ALLOW (policyFromEnv) inside the service, read per probe so tests can set it. The `probes.run`
 * jobs one process works at once share a recorder, so their results are written in batches.
 */
import { type Db } from "@inboxwatch/db";
import { forOrg, NotFoundError, type OrgContext, systemContext } from "@inboxwatch/services";
import { platformDns } from "@inboxwatch/services";
import {
  createProbeRecorder,
  maintainProbes,
  type ProbeRecorder,
  runMonitorProbe,
  scheduleDueMxSyncs,
  scheduleDueProbes,
  syncDomainMx,
} from "@inboxwatch/services/probes";

/** MX sets and every probe target resolve through the platform resolver (DNS_SERVERS), like the DNS checks. */
const probeDnsResolver = () => platformDns().resolver;

function systemCtx(db: Db, orgId: string): OrgContext {
  return forOrg(systemContext(db, "smtp probe"), orgId);
}

const recorders = new WeakMap<Db, ProbeRecorder>();

/** The batch recorder of this process for `db` (one per database client, created on first use). */
export function probeRecorderFor(db: Db): ProbeRecorder {
  let recorder = recorders.get(db);
  if (!recorder) {
    recorder = createProbeRecorder(systemContext(db, "probes"));
    recorders.set(db, recorder);
  }
  return recorder;
}

/** A monitor (or its server) removed after its job was queued: nothing to probe, nothing to retry. */
export async function runProbeJob(payload: { orgId: string; monitorId: string; slot: string }, { db }: { db: Db }) {
  try {
    return await runMonitorProbe(
      systemCtx(db, payload.orgId),
      { monitorId: payload.monitorId, slot: new Date(payload.slot) },
      { recorder: probeRecorderFor(db), dnsResolver: probeDnsResolver() },
    );
  } catch (err) {
    if (err instanceof NotFoundError) return { skipped: "gone" as const };
    throw err;
  }
}

/** Due monitors (server ports and MX hosts) and due MX sets of watched domains. */
export async function scheduleProbesJob(_payload: unknown, { db }: { db: Db }) {
  const probes = await scheduleDueProbes(systemContext(db, "probes"));
  const mx = await scheduleDueMxSyncs(systemContext(db, "probes"));
  return { ...probes, mxSyncs: mx.enqueued };
}

/** A watched domain's MX set resolved and its host monitors brought in step; a removed watch is skipped. */
export async function syncMxJob(payload: { orgId: string; watchId: string }, { db }: { db: Db }) {
  try {
    return await syncDomainMx(systemCtx(db, payload.orgId), { watchId: payload.watchId }, { dnsResolver: probeDnsResolver() });
  } catch (err) {
    if (err instanceof NotFoundError) return { skipped: "gone" as const };
    throw err;
  }
}

export const maintainProbesJob = (_payload: unknown, { db }: { db: Db }) => maintainProbes(systemContext(db, "probes"));
