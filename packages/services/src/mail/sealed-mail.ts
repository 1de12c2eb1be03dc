/**
 * Mail jobs carry their content sealed, never in clear (issue 20, finding 6): a sign-in link or an
 * invitation URL in pg-boss's job table would be readable by anyone with read access to the database
 * or its backups for as long as the job is kept. Sealed with the credential key ring; the recipient is
 * the additional authenticated data, so a sealed body copied into another recipient's job does not open.
 */
import { sendJob } from "@inboxwatch/jobs";

import { type InTx, type SystemContext } from "../context.ts";
import { decryptSecret, encryptSecret } from "../crypto/secret-box.ts";
import { deliverMail, type MailMessage } from "./send-mail.ts";

export type MailContent = Omit<MailMessage, "to">;

const aad = (to: string) => `mail:${to.toLowerCase()}`;

export function sealMail(to: string, content: MailContent): string {
  return encryptSecret(JSON.stringify({ subject: content.subject, text: content.text, html: content.html }), aad(to));
}

export function openMail(to: string, sealed: string): MailContent {
  const parsed = JSON.parse(decryptSecret(sealed, aad(to))) as MailContent;
  return { subject: parsed.subject, text: parsed.text, ...(parsed.html ? { html: parsed.html } : {}) };
}

/** Queues one mail inside the caller's transaction (it is sent only if the transaction commits); any context's transaction will do. */
export async function queueMail(ctx: Pick<InTx<SystemContext>, "db">, input: { to: string; content: MailContent }): Promise<void> {
  await sendJob("mail.send", { to: input.to, sealed: sealMail(input.to, input.content) }, { tx: ctx.db });
}

/**
 * The `mail.send` handler: opens, delivers, then scrubs the job's payload so that a delivered link does
 * not stay in the job table (encrypted or not) until pg-boss archives and deletes it. A job found
 * already scrubbed was delivered by an earlier run that died before pg-boss recorded its completion.
 */
export async function deliverQueuedMail(
  ctx: SystemContext,
  payload: { to: string; sealed: string | null },
): Promise<{ via: "smtp" | "outbox" } | { skipped: "already delivered" }> {
  if (payload.sealed === null) return { skipped: "already delivered" };
  const result = await deliverMail(ctx, { to: payload.to, ...openMail(payload.to, payload.sealed) });
  // The sealed envelope is unique (random IV), so it identifies this job without its id.
  await ctx.db
    .$executeRaw`UPDATE pgboss.job SET data = jsonb_set(data, '{sealed}', 'null'::jsonb) WHERE name = 'mail.send' AND data->>'sealed' = ${payload.sealed}`;
  return result;
}
