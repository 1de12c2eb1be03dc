import { z } from "zod";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext } from "../context.ts";

/** The ISO 4217 codes this runtime can format; an unknown code is refused rather than shown wrongly. */
const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));
const MAX_AMOUNT = 1e9;

const amount = z.number().finite().min(0, "Amounts cannot be negative").max(MAX_AMOUNT, "That amount is beyond any plausible estimate");

export const ZUpdateRoiSettings = z.object({
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine((c) => CURRENCIES.has(c), "Use a three-letter ISO 4217 currency code, such as EUR or USD"),
  valuePerConversion: amount.nullable(),
  valuePerDeliveredMessage: amount.nullable(),
  costPerDowntimeHour: amount,
  costPerQueueDelayHour: amount,
  queueDelayTargetSeconds: z.number().int().min(10, "At least 10 seconds").max(86_400, "At most a day"),
});
export type RoiSettingsValues = z.infer<typeof ZUpdateRoiSettings>;

/** What an organization that never opened the ROI page gets: no value per message (so no revenue figure is invented). */
export const DEFAULT_ROI_SETTINGS: RoiSettingsValues = {
  currency: "EUR",
  valuePerConversion: null,
  valuePerDeliveredMessage: null,
  costPerDowntimeHour: 0,
  costPerQueueDelayHour: 0,
  queueDelayTargetSeconds: 600,
};

const select = {
  currency: true,
  valuePerConversion: true,
  valuePerDeliveredMessage: true,
  costPerDowntimeHour: true,
  costPerQueueDelayHour: true,
  queueDelayTargetSeconds: true,
  updatedAt: true,
} as const;

export async function getRoiSettings(ctx: OrgContext): Promise<RoiSettingsValues & { updatedAt: Date | null }> {
  const row = await ctx.db.roiSettings.findUnique({ where: { orgId: ctx.orgId }, select });
  return row ?? { ...DEFAULT_ROI_SETTINGS, updatedAt: null };
}

export async function updateRoiSettings(ctx: OrgContext, input: z.input<typeof ZUpdateRoiSettings>) {
  const data = ZUpdateRoiSettings.parse(input);
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.roiSettings.upsert({ where: { orgId: ctx.orgId }, create: { orgId: ctx.orgId, ...data }, update: data, select });
    await recordAudit(inTx(ctx, tx), {
      action: "analytics.roi-settings.update",
      targetType: "RoiSettings",
      targetId: ctx.orgId,
      metadata: data,
    });
    return row;
  });
}
