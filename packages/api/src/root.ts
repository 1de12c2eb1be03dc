import { alertsRouter } from "./router/alerts.ts";
import { apiKeyRouter } from "./router/apikey.ts";
import { auditRouter } from "./router/audit.ts";
import { authRouter } from "./router/auth.ts";
import { deliverabilityRouter } from "./router/deliverability.ts";
import { dnsCheckRouter } from "./router/dns-check.ts";
import { domainRouter, ipRouter, serverRouter } from "./router/inventory.ts";
import { meRouter } from "./router/me.ts";
import { invitationRouter, memberRouter } from "./router/member.ts";
import { organizationRouter } from "./router/overview.ts";
import { probesRouter } from "./router/probes.ts";
import { reportsRouter } from "./router/reports.ts";
import { createCallerFactory, createTRPCRouter, publicProcedure } from "./trpc.ts";

export const appRouter = createTRPCRouter({
  health: publicProcedure.query(() => ({ ok: true })),
  auth: authRouter,
  me: meRouter,
  organization: organizationRouter,
  member: memberRouter,
  invitation: invitationRouter,
  apiKey: apiKeyRouter,
  audit: auditRouter,
  server: serverRouter,
  domain: domainRouter,
  ip: ipRouter,
  reports: reportsRouter,
  dnsCheck: dnsCheckRouter,
  deliverability: deliverabilityRouter,
  probes: probesRouter,
  alerts: alertsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
