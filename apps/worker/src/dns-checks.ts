/**
 * Wiring of the DNS check jobs: one resolver per worker process (configured by DNS_SERVERS and
 * DNS_QUERY_TIMEOUT_MS, shared so its TTL cache serves every job), system contexts for the runs.
 */
import { type Db } from "@inboxwatch/db";
import { NotFoundError, type OrgContext } from "@inboxwatch/services";
import { createDnsCheckDeps, type DnsCheckDeps, runDomainCheck, runIpCheck, scheduleDueChecks } from "@inboxwatch/services/dns-check/index";

import { workerEnv } from "./env.ts";

let deps: DnsCheckDeps | undefined;
function dnsDeps(): DnsCheckDeps {
  if (!deps) {
    const env = workerEnv();
    const servers = env.DNS_SERVERS.split(",").map((s) => s.trim()).filter(Boolean);
    deps = createDnsCheckDeps({ servers, timeoutMs: env.DNS_QUERY_TIMEOUT_MS });
  }
  return deps;
}

function systemCtx(db: Db, orgId: string): OrgContext {
  return { db, orgId, actor: { type: "SYSTEM", label: "dns check" } };
}

/** A domain or IP removed after its job was queued: nothing to check, and nothing to retry. */
async function unlessGone<T>(run: () => Promise<T>): Promise<T | { skipped: "gone" }> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof NotFoundError) return { skipped: "gone" };
    throw err;
  }
}

export const checkDomainJob = (payload: { orgId: string; id: string }, { db }: { db: Db }) =>
  unlessGone(() => runDomainCheck(systemCtx(db, payload.orgId), { id: payload.id }, dnsDeps()));
export const checkIpJob = (payload: { orgId: string; id: string }, { db }: { db: Db }) =>
  unlessGone(() => runIpCheck(systemCtx(db, payload.orgId), { id: payload.id }, dnsDeps()));
export const scheduleJob = (_payload: unknown, { db }: { db: Db }) => scheduleDueChecks(db);
