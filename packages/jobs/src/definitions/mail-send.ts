import { z } from "zod";

import { DEFAULT_QUEUE, defineJob } from "../define.ts";

/**
 * Sends one transactional email (invitation, sign-in link, notification) through the configured
 * transport. The message travels sealed (AES-256-GCM, services' `sealMail`): sign-in links and invitation
 * URLs are credentials, and the job table keeps payloads for days. `sealed` is null once the handler
 * delivered and scrubbed the job, so a re-run of a delivered job sends nothing.
 */
export const mailSend = defineJob({
  name: "mail.send",
  schema: z.object({
    to: z.email(),
    /** A sealed MailContent envelope (at most ~1 MB: a 500 KB HTML body, base64url-encoded). */
    sealed: z.string().min(1).max(1_000_000).nullable(),
  }),
  queue: { ...DEFAULT_QUEUE, retryLimit: 8 },
});
