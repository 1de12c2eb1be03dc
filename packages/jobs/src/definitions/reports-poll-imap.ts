import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Polls customers' IMAP report mailboxes. The cron tick (empty payload) queues one job per enabled
 * mailbox; that job (orgId + mailboxId) fetches, stores and moves the waiting messages.
 */
export const reportsPollImap = defineJob({
  name: "reports.poll-imap",
  schema: z.object({ orgId: z.string().min(1).max(40).optional(), mailboxId: z.string().min(1).max(40).optional() }),
  // The next tick polls again: retries would only pile onto an unreachable server. A poll of 200 reports
  // finishes in minutes; the expiry hands the job back if a worker dies mid-poll.
  queue: { ...DEFAULT_QUEUE, retryLimit: 0, expireInSeconds: 10 * 60 },
  cron: "*/5 * * * *",
  // A pg-boss `standard` queue ignores singleton keys: "one poll per mailbox at a time" (two would fetch the
  // same messages and race on moving them) is enforced by services/reports/imap-poll-queue.ts, which checks
  // for a waiting or running poll under an advisory lock before it queues one. The key stays as a label.
  singletonKey: (p) => (p.mailboxId ? `mailbox:${p.mailboxId}` : "reports.poll-imap"),
});
