import nodemailer from "nodemailer";

import { type SystemContext } from "../context.ts";
import { servicesEnv } from "../env.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Files sent with the message (a report's PDF); the development outbox keeps the bodies only. */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  /** The envelope sender (return path) where bounces go, when not MAIL_FROM's address (a report's per-recipient bounce address). */
  envelopeFrom?: string;
}

/** Bounds a hung SMTP server; the job is retried. */
const SMTP_TIMEOUT_MS = 30_000;

/**
 * Delivers one message: through SMTP_URL when configured, otherwise into the development outbox (a table
 * shown at /dev/outbox) and the server log, so sign-in links and invitations work on a laptop.
 */
export async function deliverMail(ctx: SystemContext, message: MailMessage): Promise<{ via: "smtp" | "outbox"; response: string }> {
  const env = servicesEnv();
  if (!env.SMTP_URL) {
    await ctx.db.outboxMessage.create({
      data: { to: message.to, subject: message.subject, text: message.text, html: message.html ?? null },
    });
    console.log(`[mail] outbox → ${message.to}: ${message.subject}`);
    return { via: "outbox", response: "stored in the development outbox" };
  }
  const transport = nodemailer.createTransport(env.SMTP_URL, {
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  try {
    const { envelopeFrom, ...content } = message;
    const info = await transport.sendMail({
      from: env.MAIL_FROM,
      ...content,
      ...(envelopeFrom ? { envelope: { from: envelopeFrom, to: message.to } } : {}),
    });
    return { via: "smtp", response: String(info.response ?? "accepted") };
  } finally {
    transport.close();
  }
}

export function isOutboxMode(): boolean {
  return !servicesEnv().SMTP_URL;
}

export async function listOutbox(ctx: SystemContext, input: { limit?: number } = {}) {
  return ctx.db.outboxMessage.findMany({ orderBy: { createdAt: "desc" }, take: input.limit ?? 50 });
}
