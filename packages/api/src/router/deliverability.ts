import { z } from "zod";

import {
  addSyslogSource,
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
} from "@inboxwatch/services/ingest/index";

import { createTRPCRouter, orgProcedureWith } from "../trpc.ts";

export const deliverabilityRouter = createTRPCRouter({
  summary: orgProcedureWith("reports.read")
    .input(ZTimeRange)
    .query(({ ctx, input }) => getDeliverabilitySummary(ctx.svc, input)),
  events: orgProcedureWith("reports.read")
    .input(ZSearchEvents)
    .query(({ ctx, input }) => searchDeliveryEvents(ctx.svc, input)),
  unparsed: orgProcedureWith("reports.read").query(({ ctx }) => listUnparsedSamples(ctx.svc)),
  queue: orgProcedureWith("reports.read")
    .input(ZQueueSeries)
    .query(({ ctx, input }) => listQueueSnapshots(ctx.svc, input)),
  ingest: orgProcedureWith("reports.read").query(({ ctx }) => getIngestOverview(ctx.svc)),
  detections: orgProcedureWith("reports.read")
    .input(ZDetectionList)
    .query(({ ctx, input }) => listDeliveryDetections(ctx.svc, input)),
  /** The new token is returned once; the previous one stops working at once. */
  rotateSyslogToken: orgProcedureWith("apikeys.write").mutation(({ ctx }) => rotateSyslogToken(ctx.svc)),
  /** Source addresses a token-less syslog sender is attributed by, once proven (one verified claim per address). */
  syslogSources: orgProcedureWith("reports.read").query(({ ctx }) => listSyslogSources(ctx.svc)),
  addSyslogSource: orgProcedureWith("apikeys.write")
    .input(ZSyslogSourceCreate)
    .mutation(({ ctx, input }) => addSyslogSource(ctx.svc, input)),
  removeSyslogSource: orgProcedureWith("apikeys.write")
    .input(z.object({ id: z.string().min(1).max(40) }))
    .mutation(({ ctx, input }) => removeSyslogSource(ctx.svc, input)),
  /** "Check now": looks for the claim's TXT record under the address's PTR name and verifies the claim when found. */
  checkSyslogSource: orgProcedureWith("apikeys.write")
    .input(z.object({ id: z.string().min(1).max(40) }))
    .mutation(({ ctx, input }) => checkSyslogSourceDns(ctx.svc, input)),
  setKeepAddresses: orgProcedureWith("org.write")
    .input(z.object({ keep: z.boolean() }))
    .mutation(({ ctx, input }) => setKeepRecipientAddresses(ctx.svc, input)),
});
