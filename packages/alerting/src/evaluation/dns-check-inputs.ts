/**
 * The `dns_check_failing` state input: a domain or IP whose DNS checks could not run (temperror — lookups
 * refused, failed or timed out). Read from the `checks.unknown` / `checks.known` drift events the DNS
 * check runs store (one per subject when the set of unknown checks changes), so the newest event per
 * subject is its state. "For ≥ 1 h" is the rule's `forMinutes`, not something counted here.
 *
 * The organization scope gets its own aggregate observation at every event: active while ANY domain or IP
 * is unknown. Forwarding the raw events instead would let one subject recovering clear the organization
 * while another is still unchecked.
 */
import { type SystemContext } from "@inboxwatch/services";

import { type AlertEventObservation } from "../engine/index.ts";
import { type BatchWindow } from "./rollup-inputs.ts";

const EVENT = "dns_check_failing" as const;
const UNKNOWN = "checks.unknown";
const KNOWN = "checks.known";

/** For every organization of the evaluation batch in one query; the organization aggregate is kept per organization. */
export async function loadDnsCheckFailing(
  ctx: SystemContext,
  input: {
    window: BatchWindow;
    add: (orgId: string, scope: string, observation: AlertEventObservation) => void;
  },
): Promise<void> {
  const { orgIds, since, until } = input.window;
  const { add } = input;
  if (orgIds.length === 0) return;
  const rows = await ctx.db.dnsDriftEvent.findMany({
    where: { orgId: { in: [...orgIds] }, at: { gte: since, lte: until }, type: { in: [UNKNOWN, KNOWN] } },
    select: {
      orgId: true,
      at: true,
      type: true,
      domainId: true,
      ipId: true,
      message: true,
      domain: { select: { domain: true } },
      ip: { select: { address: true } },
    },
    orderBy: { at: "asc" },
  });
  const unknownByOrg = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const scope = r.domainId ? `domain:${r.domainId}` : r.ipId ? `ip:${r.ipId}` : null;
    if (!scope) continue;
    const active = r.type === UNKNOWN;
    const at = r.at.getTime();
    const detail = `${r.domain?.domain ?? r.ip?.address ?? scope}: ${r.message}`;
    add(r.orgId, scope, { at, type: EVENT, active, detail });
    let unknownNow = unknownByOrg.get(r.orgId);
    if (!unknownNow) unknownByOrg.set(r.orgId, (unknownNow = new Map<string, string>()));
    if (active) unknownNow.set(scope, detail);
    else unknownNow.delete(scope);
    const still = [...unknownNow.values()];
    add(r.orgId, "organization", {
      at,
      type: EVENT,
      active: still.length > 0,
      detail: still.length > 0 ? `${still.length} domain(s)/IP(s) could not be checked; ${still.join(" · ")}` : detail,
    });
  }
}
