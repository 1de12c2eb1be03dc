/**
 * A rule's or maintenance window's scope names an object by its id; that object must be this
 * organization's. A foreign id is answered like every other foreign id, NotFound, so a rule can neither
 * probe another tenant's inventory (NotFound vs accepted) nor point its incidents and notifications at it.
 *
 * Pools and providers are names, not ids (a pool is a label on the organization's own IPs, a provider a
 * key such as "google"); the evaluator only reads the organization's own rows, so a name matches nothing
 * of another tenant and is accepted as typed.
 */
import { type OrgContext, ValidationError } from "@inboxwatch/services";
import { getMailServer, getSendingDomain, getSendingIp } from "@inboxwatch/services/inventory";

import { type TAlertScope } from "../engine/index.ts";

/** The ports a server's probes watch: a port scope names one of them (probe-inputs.ts `portScopeId`). */
const PROBED_PORTS = new Set([25, 587, 465]);

/** Throws NotFoundError unless the scope's object belongs to `ctx.orgId` (ValidationError for a malformed port id). */
export async function assertScopeInOrg(ctx: OrgContext, scope: TAlertScope): Promise<void> {
  switch (scope.type) {
    case "organization":
    case "pool":
    case "provider":
      return;
    case "domain":
      await getSendingDomain(ctx, { id: scope.id });
      return;
    case "ip":
      await getSendingIp(ctx, { id: scope.id });
      return;
    case "server":
      await getMailServer(ctx, { id: scope.id });
      return;
    case "port": {
      // `<serverId>:<port>`; server ids are cuids (no colon), so the last colon splits it.
      const cut = scope.id.lastIndexOf(":");
      const port = Number(scope.id.slice(cut + 1));
      if (cut <= 0 || !PROBED_PORTS.has(port)) throw new ValidationError("A port scope is <serverId>:<25|587|465>");
      await getMailServer(ctx, { id: scope.id.slice(0, cut) });
      return;
    }
  }
}
