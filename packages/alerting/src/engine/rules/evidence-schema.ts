/**
 * The schema of `Incident.evidence` (the reducer's Evidence of the latest evaluation), read back with
 * `readJson` so a stored document that drifted from the type fails loudly with the row named. It lives
 * beside the Evidence type it checks (`satisfies` keeps the two in step).
 */
import { z } from "zod";

import { ALERT_EVENTS } from "./catalog.ts";
import { type Evidence } from "./conditions.ts";

const ZMetricPoint = z.object({ at: z.number(), value: z.number(), volume: z.number() });
const ZEventObservation = z.object({
  at: z.number(),
  type: z.enum(ALERT_EVENTS),
  active: z.boolean(),
  notAfter: z.number().optional(),
  detail: z.string().optional(),
  subject: z.string().optional(),
  confirmations: z.number().optional(),
});

/** Incident.evidence */
export const ZEvidence = z.object({
  summary: z.string(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  volume: z.number(),
  window: z.object({ from: z.number(), to: z.number() }),
  points: z.array(ZMetricPoint),
  events: z.array(ZEventObservation),
  baseline: z.object({ median: z.number().nullable(), samples: z.number() }).optional(),
}) satisfies z.ZodType<Evidence>;
