import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/** Sends one transactional email (invitation, sign-in link, notification) through the configured transport. */
export const mailSend = defineJob({
  name: "mail.send",
  schema: z.object({
    to: z.email(),
    subject: z.string().min(1).max(300),
    text: z.string().max(100_000),
    html: z.string().max(500_000).optional(),
  }),
  queue: { ...DEFAULT_QUEUE, retryLimit: 8 },
});
