/**
 * Email through an injected nodemailer transport, HTML and plain-text bodies. The Message-ID is derived
 * from the notification id so a retried send is recognisably the same message. SMTP replies classify as
 * RFC 5321 §4.2.1 says: 4yz transient (retry), 5yz permanent.
 */
import { z } from "zod";

import { type ChannelDeps, SEVERITY_LABEL, checkConfig, eventLabel, registerChannel } from "./channel.ts";
import { type DeliveryAttemptResult, clipDetail, permanent } from "./delivery-result.ts";
import { digestHeading, digestLine } from "./digest.ts";
import type { TAlertNotification, TDigest } from "./notification.ts";

/** Recipients per email channel; a larger audience belongs on a mailing list. */
export const EMAIL_MAX_RECIPIENTS = 20;
export const EMAIL_DEFAULT_FROM = "Inboxwatch Alerts <alerts@inboxwatch.invalid>";
/** Message-ID domain (RFC 5322 §3.6.4 id-right); fixed so ids do not depend on the host name. */
export const EMAIL_MESSAGE_ID_DOMAIN = "alerts.inboxwatch";

export const ZEmailConfig = z.object({ to: z.array(z.email()).min(1).max(EMAIL_MAX_RECIPIENTS) });
export type TEmailConfig = z.infer<typeof ZEmailConfig>;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const SEVERITY_COLOR = { critical: "#c62828", warning: "#ef6c00", info: "#1565c0" } as const;

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** A digest email: a table of the items (HTML) and one line per item (text). */
export function buildDigestEmail(n: TAlertNotification, d: TDigest): EmailContent {
  const more = d.total - d.items.length;
  const subject = `[DIGEST] ${digestHeading(d)}`.replace(/[\r\n]+/g, " ");
  const text = [
    `Alert digest · ${digestHeading(d)}`,
    "",
    n.summary,
    "",
    ...d.items.map((i) => `- ${digestLine(i)}\n  ${i.url}`),
    ...(more > 0 ? [`…and ${more} more`] : []),
    "",
    `All incidents: ${n.url}`,
  ].join("\n");
  const rows = d.items
    .map(
      (i) =>
        `<tr><td>${new Date(i.occurredAt).toISOString().slice(0, 16)}Z</td><td style="color:${SEVERITY_COLOR[i.severity]}">${SEVERITY_LABEL[i.severity]}</td><td>${escapeHtml(i.event.replace("incident.", ""))}</td><td><a href="${escapeHtml(i.url)}">${escapeHtml(i.title)}</a></td><td>${escapeHtml(i.scopeLabel)}</td><td>${escapeHtml(i.summary)}</td></tr>`,
    )
    .join("\n");
  const html = `<!doctype html><html><body style="font-family:sans-serif;color:#222">
<h2 style="margin:0 0 8px">${escapeHtml(`Alert digest · ${digestHeading(d)}`)}</h2>
<p>${escapeHtml(n.summary)}</p>
<table cellpadding="4" style="border-collapse:collapse">
<tr><th align="left">At</th><th align="left">Severity</th><th align="left">Event</th><th align="left">Rule</th><th align="left">Scope</th><th align="left">Summary</th></tr>
${rows}
</table>
${more > 0 ? `<p>…and ${more} more</p>` : ""}<p><a href="${escapeHtml(n.url)}">All incidents</a></p>
</body></html>`;
  return { subject, text, html };
}

export function buildEmail(n: TAlertNotification): EmailContent {
  if (n.digest) return buildDigestEmail(n, n.digest);
  const subject = `[${SEVERITY_LABEL[n.severity]}] ${eventLabel(n)}: ${n.title} — ${n.scope.label}`.replace(/[\r\n]+/g, " ");
  const value = n.value === null ? "—" : String(Math.round(n.value * 100) / 100);
  const text = [
    `${eventLabel(n)} · ${SEVERITY_LABEL[n.severity]} · ${n.title}`,
    "",
    n.summary,
    "",
    `Scope: ${n.scope.label}`,
    `Value: ${value}`,
    `Incident: ${n.incidentId}`,
    `At: ${new Date(n.occurredAt).toISOString()}`,
    "",
    "Evidence:",
    ...n.evidence.map((l) => `  ${l}`),
    "",
    `Open the incident: ${n.url}`,
    ...(n.runbookUrl ? [`Runbook: ${n.runbookUrl}`] : []),
  ].join("\n");
  const color = n.event === "incident.resolved" ? "#2e7d32" : SEVERITY_COLOR[n.severity];
  const html = `<!doctype html><html><body style="font-family:sans-serif;color:#222">
<h2 style="color:${color};margin:0 0 8px">${escapeHtml(`${eventLabel(n)} · ${SEVERITY_LABEL[n.severity]} · ${n.title}`)}</h2>
<p>${escapeHtml(n.summary)}</p>
<table cellpadding="4" style="border-collapse:collapse">
<tr><th align="left">Scope</th><td>${escapeHtml(n.scope.label)}</td></tr>
<tr><th align="left">Value</th><td>${escapeHtml(value)}</td></tr>
<tr><th align="left">Incident</th><td>${escapeHtml(n.incidentId)}</td></tr>
<tr><th align="left">At</th><td>${new Date(n.occurredAt).toISOString()}</td></tr>
</table>
<h3>Evidence</h3>
<pre style="background:#f5f5f5;padding:8px;white-space:pre-wrap">${escapeHtml(n.evidence.join("\n"))}</pre>
<p><a href="${escapeHtml(n.url)}">Open the incident</a>${n.runbookUrl ? ` · <a href="${escapeHtml(n.runbookUrl)}">Runbook</a>` : ""}</p>
</body></html>`;
  return { subject, text, html };
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

/** nodemailer errors carry `responseCode` (the SMTP reply) or a `code` for socket-level failures. */
export function classifySmtpError(err: unknown, durationMs: number): DeliveryAttemptResult {
  const e = (typeof err === "object" && err !== null ? err : {}) as SmtpError;
  const detail = clipDetail(e.message ?? String(err));
  const status = typeof e.responseCode === "number" ? e.responseCode : null;
  if (status !== null && status >= 500) return permanent("smtp_permanent", detail, durationMs, status);
  if (status !== null && status >= 400)
    return { outcome: "retryable", reason: "smtp_transient", status, retryAfterMs: null, durationMs, detail };
  const reason = e.code === "ETIMEDOUT" ? "timeout" : "network_error";
  return { outcome: "retryable", reason, status, retryAfterMs: null, durationMs, detail };
}

async function sendEmail(config: TEmailConfig, n: TAlertNotification, deps: ChannelDeps): Promise<DeliveryAttemptResult> {
  if (!deps.mailer) return permanent("invalid_config", "no mail transport configured");
  const mailer = deps.mailer;
  const content = buildEmail(n);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = deps.timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  try {
    const sending = mailer.sendMail({
      from: deps.mailFrom ?? EMAIL_DEFAULT_FROM,
      to: config.to,
      ...content,
      messageId: `<${n.id}@${EMAIL_MESSAGE_ID_DOMAIN}>`,
      // RFC 3834: machine-generated, so auto-responders stay silent.
      headers: { "Auto-Submitted": "auto-generated", "X-Inboxwatch-Incident": n.incidentId },
    });
    const deadline =
      timeoutMs === undefined
        ? null
        : new Promise<"timeout">((resolve) => {
            timer = setTimeout(() => resolve("timeout"), timeoutMs);
          });
    const info = deadline === null ? await sending : await Promise.race([sending, deadline]);
    if (info === "timeout") {
      // The transport's own socket timeout ends the dangling attempt; swallow its late rejection.
      sending.catch(() => undefined);
      return {
        outcome: "retryable",
        reason: "timeout",
        status: null,
        retryAfterMs: null,
        durationMs: elapsed(),
        detail: `no SMTP answer within ${timeoutMs} ms`,
      };
    }
    const rejected = info.rejected?.length ?? 0;
    const detail = clipDetail(`${info.response ?? "accepted"}${rejected ? ` (${rejected} recipient(s) rejected)` : ""}`);
    const code = /^\d{3}/.exec(info.response ?? "")?.[0];
    return { outcome: "delivered", reason: null, status: code ? Number(code) : null, retryAfterMs: null, durationMs: elapsed(), detail };
  } catch (err) {
    return classifySmtpError(err, elapsed());
  } finally {
    clearTimeout(timer);
  }
}

export const emailChannel = registerChannel<TEmailConfig>({
  kind: "email",
  label: "Email",
  configSchema: ZEmailConfig,
  validateConfig: (raw) => checkConfig(ZEmailConfig, raw),
  send: sendEmail,
});
