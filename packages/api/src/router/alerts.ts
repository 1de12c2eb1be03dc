import { z } from "zod";

import { ZAlertRuleDraft } from "@inboxwatch/alerting/engine";
import {
  acknowledgeIncident,
  assignIncident,
  commentIncident,
  createChannel,
  createMaintenanceWindow,
  createRule,
  endMaintenanceWindow,
  getChannel,
  getIncident,
  getRule,
  INCIDENT_COMMENT_MAX_CHARS,
  listChannels,
  listDeliveries,
  listIncidents,
  listMaintenanceWindows,
  listRules,
  removeChannel,
  removeMaintenanceWindow,
  removeRule,
  resolveIncident,
  rotateWebhookSecret,
  sendTestNotification,
  setRuleEnabled,
  updateChannel,
  updateRule,
  ZCreateChannel,
  ZCreateMaintenanceWindow,
  ZListIncidents,
  ZUpdateChannel,
  ZUpdateRule,
} from "@inboxwatch/alerting";

import { createTRPCRouter, orgProcedureWith, ZId } from "../trpc.ts";

/**
 * Alerts: incidents (alerts.read / alerts.write), rules and maintenance windows (alerts.write), and the
 * notification channels, whose secrets reach third parties, so changing them needs integrations.write.
 */
export const alertsRouter = createTRPCRouter({
  incidents: createTRPCRouter({
    list: orgProcedureWith("alerts.read")
      .input(ZListIncidents)
      .query(({ ctx, input }) => listIncidents(ctx.svc, input)),
    byId: orgProcedureWith("alerts.read")
      .input(ZId)
      .query(({ ctx, input }) => getIncident(ctx.svc, input)),
    acknowledge: orgProcedureWith("alerts.write")
      .input(ZId)
      .mutation(({ ctx, input }) => acknowledgeIncident(ctx.svc, input)),
    assign: orgProcedureWith("alerts.write")
      .input(ZId.extend({ assigneeId: z.string().min(1).max(40).nullable() }))
      .mutation(({ ctx, input }) => assignIncident(ctx.svc, input)),
    comment: orgProcedureWith("alerts.write")
      .input(ZId.extend({ body: z.string().min(1).max(INCIDENT_COMMENT_MAX_CHARS) }))
      .mutation(({ ctx, input }) => commentIncident(ctx.svc, input)),
    resolve: orgProcedureWith("alerts.write")
      .input(ZId)
      .mutation(({ ctx, input }) => resolveIncident(ctx.svc, input)),
  }),

  rules: createTRPCRouter({
    list: orgProcedureWith("alerts.read").query(({ ctx }) => listRules(ctx.svc)),
    byId: orgProcedureWith("alerts.read")
      .input(ZId)
      .query(({ ctx, input }) => getRule(ctx.svc, input)),
    create: orgProcedureWith("alerts.write")
      .input(ZAlertRuleDraft)
      .mutation(({ ctx, input }) => createRule(ctx.svc, input)),
    update: orgProcedureWith("alerts.write")
      .input(ZUpdateRule)
      .mutation(({ ctx, input }) => updateRule(ctx.svc, input)),
    setEnabled: orgProcedureWith("alerts.write")
      .input(ZId.extend({ enabled: z.boolean() }))
      .mutation(({ ctx, input }) => setRuleEnabled(ctx.svc, input)),
    remove: orgProcedureWith("alerts.write")
      .input(ZId)
      .mutation(({ ctx, input }) => removeRule(ctx.svc, input)),
  }),

  maintenance: createTRPCRouter({
    list: orgProcedureWith("alerts.read").query(({ ctx }) => listMaintenanceWindows(ctx.svc)),
    create: orgProcedureWith("alerts.write")
      .input(ZCreateMaintenanceWindow)
      .mutation(({ ctx, input }) => createMaintenanceWindow(ctx.svc, input)),
    /** Deletes the window; `end` instead closes a running one now and keeps it as a record (a planned one is cancelled). */
    remove: orgProcedureWith("alerts.write")
      .input(ZId)
      .mutation(({ ctx, input }) => removeMaintenanceWindow(ctx.svc, input)),
    end: orgProcedureWith("alerts.write")
      .input(ZId)
      .mutation(({ ctx, input }) => endMaintenanceWindow(ctx.svc, input)),
  }),

  channels: createTRPCRouter({
    list: orgProcedureWith("alerts.read").query(({ ctx }) => listChannels(ctx.svc)),
    deliveries: orgProcedureWith("alerts.read")
      .input(ZId)
      .query(async ({ ctx, input }) => {
        const channel = await getChannel(ctx.svc, input);
        return listDeliveries(ctx.svc, { channelId: channel.id });
      }),
    create: orgProcedureWith("integrations.write")
      .input(ZCreateChannel)
      .mutation(({ ctx, input }) => createChannel(ctx.svc, input)),
    update: orgProcedureWith("integrations.write")
      .input(ZUpdateChannel)
      .mutation(({ ctx, input }) => updateChannel(ctx.svc, input)),
    rotateSecret: orgProcedureWith("integrations.write")
      .input(ZId)
      .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.svc, input)),
    remove: orgProcedureWith("integrations.write")
      .input(ZId)
      .mutation(({ ctx, input }) => removeChannel(ctx.svc, input)),
    sendTest: orgProcedureWith("integrations.write")
      .input(ZId)
      .mutation(({ ctx, input }) => sendTestNotification(ctx.svc, input)),
  }),
});
