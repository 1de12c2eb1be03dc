import { type Db } from "@inboxwatch/db";
import { sendJob } from "@inboxwatch/jobs";

import { listOrgsWithRules } from "./evaluate.ts";

/** The minute sweep: one `alerts.evaluate` per organization with an enabled rule, enqueued together. */
export async function sweepAlertEvaluations(db: Db): Promise<{ enqueued: number }> {
  const orgIds = await listOrgsWithRules(db);
  await db.$transaction(async (tx) => {
    for (const orgId of orgIds) await sendJob("alerts.evaluate", { orgId }, { tx });
  });
  return { enqueued: orgIds.length };
}
