/**
 * Input of report definitions (issue 14 point 1): cadence and day, local send hour, scope, audience version,
 * recipients by role or address, and channels. The time zone is the organization's (one place, Settings).
 */
import { z } from "zod";

import { REPORT_AUDIENCES, REPORT_CADENCES } from "@inboxwatch/reporting/figures";

import { ROLES } from "../permissions.ts";

/** Recipients and channels one definition may name: a report to a whole company goes through a list address. */
export const REPORT_MAX_RECIPIENT_EMAILS = 50;
export const REPORT_MAX_SCOPE_ITEMS = 50;

const ZId = z.string().min(1).max(40);

const ZDefinitionFields = z.object({
  name: z.string().trim().min(1, "Give the report a name").max(120),
  cadence: z.enum(REPORT_CADENCES),
  /** ISO weekday 1 (Monday) … 7 (Sunday); weekly reports. */
  weekday: z.number().int().min(1).max(7).nullable().default(null),
  /** 1 … 28, so that every month has the day; monthly reports. */
  monthDay: z
    .number()
    .int()
    .min(1, "Day of month is 1 … 28")
    .max(28, "Day of month is 1 … 28 (every month has it)")
    .nullable()
    .default(null),
  sendHour: z.number().int().min(0).max(23).default(8),
  audience: z.enum(REPORT_AUDIENCES),
  scopeDomains: z.array(z.string().trim().toLowerCase().min(1).max(253)).max(REPORT_MAX_SCOPE_ITEMS).default([]),
  scopeServerIds: z.array(ZId).max(REPORT_MAX_SCOPE_ITEMS).default([]),
  scopeCampaigns: z.array(z.string().trim().min(1).max(200)).max(REPORT_MAX_SCOPE_ITEMS).default([]),
  recipientRoles: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
  recipientEmails: z.array(z.email("Not an email address").trim().toLowerCase().max(254)).max(REPORT_MAX_RECIPIENT_EMAILS).default([]),
  /** Slack, Teams or webhook channels of the organization (Alerts → Channels). */
  channelIds: z.array(ZId).max(20).default([]),
  attachPdf: z.boolean().default(true),
  enabled: z.boolean().default(true),
});

function checkCadence(d: { cadence?: string; weekday?: number | null; monthDay?: number | null }, ctx: z.RefinementCtx) {
  if (d.cadence === "weekly" && (d.weekday === null || d.weekday === undefined)) {
    ctx.addIssue({ code: "custom", path: ["weekday"], message: "Choose the weekday a weekly report is sent" });
  }
  if (d.cadence === "monthly" && (d.monthDay === null || d.monthDay === undefined)) {
    ctx.addIssue({ code: "custom", path: ["monthDay"], message: "Choose the day of the month a monthly report is sent" });
  }
}

function checkSomeoneReceives(d: { recipientRoles?: string[]; recipientEmails?: string[]; channelIds?: string[] }, ctx: z.RefinementCtx) {
  if (!d.recipientRoles?.length && !d.recipientEmails?.length && !d.channelIds?.length) {
    ctx.addIssue({ code: "custom", path: ["recipientEmails"], message: "Choose at least one recipient: a role, an address or a channel" });
  }
}

export const ZCreateReportDefinition = ZDefinitionFields.superRefine(checkCadence).superRefine(checkSomeoneReceives);
export type TCreateReportDefinition = z.input<typeof ZCreateReportDefinition>;

// No defaults in the update: zod 4 applies a default inside .partial(), which would reset omitted fields.
export const ZUpdateReportDefinition = z.object({
  id: ZId,
  name: ZDefinitionFields.shape.name.optional(),
  cadence: ZDefinitionFields.shape.cadence.optional(),
  weekday: z.number().int().min(1).max(7).nullable().optional(),
  monthDay: z.number().int().min(1).max(28, "Day of month is 1 … 28 (every month has it)").nullable().optional(),
  sendHour: z.number().int().min(0).max(23).optional(),
  audience: ZDefinitionFields.shape.audience.optional(),
  scopeDomains: z.array(z.string().trim().toLowerCase().min(1).max(253)).max(REPORT_MAX_SCOPE_ITEMS).optional(),
  scopeServerIds: z.array(ZId).max(REPORT_MAX_SCOPE_ITEMS).optional(),
  scopeCampaigns: z.array(z.string().trim().min(1).max(200)).max(REPORT_MAX_SCOPE_ITEMS).optional(),
  recipientRoles: z.array(z.enum(ROLES)).max(ROLES.length).optional(),
  recipientEmails: z.array(z.email("Not an email address").trim().toLowerCase().max(254)).max(REPORT_MAX_RECIPIENT_EMAILS).optional(),
  channelIds: z.array(ZId).max(20).optional(),
  attachPdf: z.boolean().optional(),
  enabled: z.boolean().optional(),
});
export type TUpdateReportDefinition = z.input<typeof ZUpdateReportDefinition>;

/** Fields a merged (stored + update) definition must satisfy, checked again after an update. */
export const ZStoredDefinitionRules = z
  .object({
    cadence: z.string(),
    weekday: z.number().nullable(),
    monthDay: z.number().nullable(),
    recipientRoles: z.array(z.string()),
    recipientEmails: z.array(z.string()),
    channelIds: z.array(z.string()),
  })
  .superRefine(checkCadence)
  .superRefine(checkSomeoneReceives);

/** Share links live at most 90 days; the default is a month. */
export const ZCreateShare = z.object({ editionId: ZId, expiresInDays: z.number().int().min(1).max(90).default(30) });
