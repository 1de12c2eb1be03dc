import { z } from "zod";

import {
  addSyslogSource,
  createEspWebhook,
  listEspWebhooks,
  removeEspWebhook,
  ZCreateEspWebhook,
  checkSyslogSourceDns,
  getDeliverabilitySummary,
  getIngestOverview,
  listDeliveryDetections,
  listQueueSnapshots,
  listSyslogSources,
  removeSyslogSource,
  listUnparsedSamples,
  rotateSyslogToken,
  searchDeliveryEvents,
  setKeepRecipientAddresses,
  ZDetectionList,
  ZQueueSeries,
  ZSearchEvents,
  ZSyslogSourceCreate,
  ZTimeRange,
} from "@inboxwatch/services/ingest";

import { createTRPCRouter, orgProcedureWith } from "../trpc.ts";

/**
 * The Deliverability page: what the organization's MTAs logged (events, queue, detections), how the log intake
 * is doing, and the syslog senders it accepts.
 */
export const deliverabilityRouter = createTRPCRouter({
  summary: orgProcedureWith("reports.read")
    .input(ZTimeRange)
    .query(({ ctx, input }) => getDeliverabilitySummary(ctx.svc, input)),
  events: orgProcedureWith("reports.read")
    .input(ZSearchEvents)
    .query(({ ctx, input }) => searchDeliveryEvents(ctx.svc, input)),
  unparsedSamples: orgProcedureWith("reports.read").query(({ ctx }) => listUnparsedSamples(ctx.svc)),
  queueSnapshots: orgProcedureWith("reports.read")
    .input(ZQueueSeries)
    .query(({ ctx, input }) => listQueueSnapshots(ctx.svc, input)),
  detections: orgProcedureWith("reports.read")
    .input(ZDetectionList)
    .query(({ ctx, input }) => listDeliveryDetections(ctx.svc, input)),
  /** The log intake: settings, syslog token prefix, batches by status, the last batch received. */
  intake: orgProcedureWith("reports.read").query(({ ctx }) => getIngestOverview(ctx.svc)),
  setKeepRecipientAddresses: orgProcedureWith("org.write")
    .input(z.object({ keep: z.boolean() }))
    .mutation(({ ctx, input }) => setKeepRecipientAddresses(ctx.svc, input)),
  /** The new token is returned once; the previous one stops working at once. */
  rotateSyslogToken: orgProcedureWith("apikeys.write").mutation(({ ctx }) => rotateSyslogToken(ctx.svc)),
  /** ESP event webhooks (SendGrid, Mailgun, Postmark, SES through SNS, SparkPost): secrets never read back. */
  espWebhooks: createTRPCRouter({
    list: orgProcedureWith("reports.read").query(({ ctx }) => listEspWebhooks(ctx.svc)),
    /** Postmark and SparkPost get generated Basic credentials, returned this once. */
    create: orgProcedureWith("integrations.write")
      .input(ZCreateEspWebhook)
      .mutation(({ ctx, input }) => createEspWebhook(ctx.svc, input)),
    remove: orgProcedureWith("integrations.write")
      .input(z.object({ id: z.string().min(1).max(60) }))
      .mutation(({ ctx, input }) => removeEspWebhook(ctx.svc, input)),
  }),
  /** Source addresses a token-less syslog sender is attributed by, once proven (one verified claim per address). */
  syslogSources: createTRPCRouter({
    list: orgProcedureWith("reports.read").query(({ ctx }) => listSyslogSources(ctx.svc)),
    create: orgProcedureWith("apikeys.write")
      .input(ZSyslogSourceCreate)
      .mutation(({ ctx, input }) => addSyslogSource(ctx.svc, input)),
    remove: orgProcedureWith("apikeys.write")
      .input(z.object({ id: z.string().min(1).max(40) }))
      .mutation(({ ctx, input }) => removeSyslogSource(ctx.svc, input)),
    /** "Check now": looks for the claim's TXT record under the address's PTR name and verifies the claim when found. */
    checkDns: orgProcedureWith("apikeys.write")
      .input(z.object({ id: z.string().min(1).max(40) }))
      .mutation(({ ctx, input }) => checkSyslogSourceDns(ctx.svc, input)),
  }),
});
