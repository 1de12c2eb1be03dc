import { alertsRouter } from "./router/alerts.ts";
import { analyticsRouter } from "./router/analytics.ts";
import { apiKeysRouter } from "./router/api-keys.ts";
import { auditRouter } from "./router/audit.ts";
import { authRouter } from "./router/auth.ts";
import { deliverabilityRouter } from "./router/deliverability.ts";
import { dnsCheckRouter } from "./router/dns-check.ts";
import { domainsRouter } from "./router/domains.ts";
import { invitationsRouter } from "./router/invitations.ts";
import { ipsRouter } from "./router/ips.ts";
import { meRouter } from "./router/me.ts";
import { membersRouter } from "./router/members.ts";
import { organizationRouter } from "./router/organization.ts";
import { probesRouter } from "./router/probes.ts";
import { reportsRouter } from "./router/reports.ts";
import { scheduledReportsRouter } from "./router/scheduled-reports.ts";
import { serversRouter } from "./router/servers.ts";
import { createCallerFactory, createTRPCRouter, publicProcedure } from "./trpc.ts";

/**
 * The procedure tree. How it is named, so that a caller can guess a path:
 *
 * - One top-level router per area, named like its permission family and its page: `servers` (servers.read /
 *   servers.write, /servers), `domains`, `ips`, `members`, `invitations`, `apiKeys`, `alerts`, `reports`…
 *   Servers, domains and IPs stay three areas rather than `inventory.*`: "inventory" is only the name of their
 *   services folder, while the permission, the page, the REST path and the sidebar all say servers / domains / IPs.
 * - Inside an area, an entity with several procedures is a nested router (`alerts.rules`, `reports.mailboxes`,
 *   `dnsCheck.blocklists`), and its procedures use one vocabulary: `list`, `byId` (or `get` when the key is not
 *   the entity's own id), `create`, `update`, `remove`, `set<Field>` for a one-field write (`setEnabled`,
 *   `setRole`), `run` for "do it now" (a check, a probe). Other verbs only where they mean something else:
 *   `revoke` keeps the row (API keys, invitations), `end` keeps a maintenance window, incidents are
 *   acknowledged, assigned, commented and resolved.
 * - A read model with a single query is a noun (`deliverability.summary`, `probes.portHealth`).
 *
 * Permissions live on each procedure's meta (`orgProcedureWith`); procedure-matrix.test.ts walks this tree.
 */
export const appRouter = createTRPCRouter({
  health: publicProcedure.query(() => ({ ok: true })),
  auth: authRouter,
  me: meRouter,
  organization: organizationRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  servers: serversRouter,
  domains: domainsRouter,
  ips: ipsRouter,
  reports: reportsRouter,
  dnsCheck: dnsCheckRouter,
  deliverability: deliverabilityRouter,
  probes: probesRouter,
  alerts: alertsRouter,
  analytics: analyticsRouter,
  scheduledReports: scheduledReportsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
