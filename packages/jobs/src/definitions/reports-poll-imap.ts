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
  // finishes in minutes; the expiry frees the singleton slot if a worker dies mid-poll.
  queue: { ...DEFAULT_QUEUE, retryLimit: 0, expireInSeconds: 10 * 60 },
  cron: "*/5 * * * *",
  // One poll per mailbox at a time: two would fetch the same messages and race on moving them.
  singletonKey: (p) => (p.mailboxId ? `mailbox:${p.mailboxId}` : "reports.poll-imap"),
});
