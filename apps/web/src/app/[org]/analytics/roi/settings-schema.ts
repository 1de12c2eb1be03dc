import { z } from "zod";

/** An amount typed in a field: empty means "not set" where the model allows it. */
const amount = (optional: boolean) =>
  z
    .string()
    .trim()
    .refine((v) => (optional && v === "") || (Number.isFinite(Number(v)) && Number(v) >= 0), "Enter an amount of 0 or more")
    .transform((v) => (v === "" ? null : Number(v)));

/** The ROI inputs form: what was typed, checked and turned into the API's input (the server checks again). */
export const ZRoiSettingsForm = z.object({
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "Use a three-letter currency code, such as EUR or USD"),
  valuePerConversion: amount(true),
  valuePerDeliveredMessage: amount(true),
  costPerDowntimeHour: amount(false).transform((v) => v ?? 0),
  costPerQueueDelayHour: amount(false).transform((v) => v ?? 0),
  queueDelayTargetSeconds: z
    .string()
    .trim()
    .refine((v) => Number.isInteger(Number(v)) && Number(v) >= 10 && Number(v) <= 86_400, "Between 10 seconds and a day")
    .transform(Number),
});

export type RoiSettingsFormValues = z.input<typeof ZRoiSettingsForm>;

export function formValuesOf(s: {
  currency: string;
  valuePerConversion: number | null;
  valuePerDeliveredMessage: number | null;
  costPerDowntimeHour: number;
  costPerQueueDelayHour: number;
  queueDelayTargetSeconds: number;
}): RoiSettingsFormValues {
  const text = (v: number | null) => (v === null ? "" : String(v));
  return {
    currency: s.currency,
    valuePerConversion: text(s.valuePerConversion),
    valuePerDeliveredMessage: text(s.valuePerDeliveredMessage),
    costPerDowntimeHour: String(s.costPerDowntimeHour),
    costPerQueueDelayHour: String(s.costPerQueueDelayHour),
    queueDelayTargetSeconds: String(s.queueDelayTargetSeconds),
  };
}
