import { type OrgContext } from "../context.ts";
import { can, type TPermission } from "../permissions.ts";

/**
 * Inventory counts and the next steps a new organization should take, in order: only the steps the
 * caller's role can take (a viewer is not told to add a server it may not add). API keys and system
 * callers carry no role and see every step.
 */
export async function getOverview(ctx: OrgContext) {
  const where = { orgId: ctx.orgId };
  const [servers, domains, ips, members, apiKeys, pendingInvitations] = await Promise.all([
    ctx.db.mailServer.count({ where }),
    ctx.db.sendingDomain.count({ where }),
    ctx.db.sendingIp.count({ where }),
    ctx.db.membership.count({ where }),
    ctx.db.apiKey.count({ where: { ...where, revokedAt: null } }),
    ctx.db.invitation.count({ where: { ...where, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } } }),
  ]);
  const allSteps: { key: string; title: string; detail: string; done: boolean; href: string; permission: TPermission }[] = [
    {
      key: "domain",
      title: "Add a sending domain",
      detail: "We check its SPF, DKIM, DMARC and blocklists.",
      done: domains > 0,
      href: "domains/new",
      permission: "domains.write",
    },
    {
      key: "server",
      title: "Add a mail server",
      detail: "We probe ports 25, 587 and 465 around the clock.",
      done: servers > 0,
      href: "servers/new",
      permission: "servers.write",
    },
    {
      key: "ip",
      title: "Add your sending IPs",
      detail: "We watch their reverse DNS and reputation.",
      done: ips > 0,
      href: "ips/new",
      permission: "ips.write",
    },
    {
      key: "team",
      title: "Invite your team",
      detail: "Ops and marketing see the same picture.",
      done: members + pendingInvitations > 1,
      href: "settings/members",
      permission: "members.write",
    },
    {
      key: "apikey",
      title: "Create an API key",
      detail: "Ship MTA logs and reports from your servers.",
      done: apiKeys > 0,
      href: "settings/api-keys",
      permission: "apikeys.write",
    },
  ];
  const role = ctx.role;
  const steps = allSteps.filter((s) => !role || can(role, s.permission)).map(({ permission: _permission, ...step }) => step);
  return { counts: { servers, domains, ips, members, apiKeys, pendingInvitations }, steps };
}
