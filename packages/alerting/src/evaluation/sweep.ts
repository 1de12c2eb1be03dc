import { sendJob } from "@inboxwatch/jobs";
import { type SystemContext } from "@inboxwatch/services";

import { listOrgsWithRules } from "./evaluate.ts";

/** The minute sweep: one `alerts.evaluate` per organization with an enabled rule, enqueued together. */
export async function sweepAlertEvaluations(ctx: SystemContext): Promise<{ enqueued: number }> {
  const orgIds = await listOrgsWithRules(ctx);
  await ctx.db.$transaction(async (tx) => {
    for (const orgId of orgIds) await sendJob("alerts.evaluate", { orgId }, { tx });
  });
  return { enqueued: orgIds.length };
}
