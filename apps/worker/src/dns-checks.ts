/**
 * Wiring of the DNS check jobs: the platform resolver (services net/platform-dns.ts: DNS_SERVERS and
 * DNS_QUERY_TIMEOUT_MS, one per process so its TTL cache serves every job), system contexts for the runs.
 */
import { type Db } from "@inboxwatch/db";
import { forOrg, NotFoundError, type OrgContext, systemContext } from "@inboxwatch/services";
import { createDnsCheckDeps, type DnsCheckDeps, runDomainCheck, runIpCheck, scheduleDueChecks } from "@inboxwatch/services/dns-check";

const dnsDeps = (): DnsCheckDeps => createDnsCheckDeps();

function systemCtx(db: Db, orgId: string): OrgContext {
  return forOrg(systemContext(db, "dns check"), orgId);
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
export const scheduleJob = (_payload: unknown, { db }: { db: Db }) => scheduleDueChecks(systemContext(db, "dns schedule"));
