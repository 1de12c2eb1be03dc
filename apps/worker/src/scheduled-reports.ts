/**
 * Wiring of the report jobs (issue 14): the schedule sweep, builds with one Chromium per worker process
 * (launched on the first PDF, closed at shutdown), and deliveries through SMTP_URL (or the development
 * outbox) and the organization's Slack / Teams / webhook channels over the egress-guarded transport.
 */
import { type Db } from "@inboxwatch/db";
import { platformHttpTransport, postReportToChannel } from "@inboxwatch/alerting";
import { createPdfRenderer } from "@inboxwatch/reporting/pdf";
import { servicesEnv, systemContext } from "@inboxwatch/services";
import { deliverMail } from "@inboxwatch/services/mail";
import {
  buildReportEdition,
  deliverReport,
  type ReportDeliveryDeps,
  type SendResult,
  scheduleDueReports,
} from "@inboxwatch/services/scheduled-reports";

let renderer: ReturnType<typeof createPdfRenderer> | undefined;
function pdfRenderer() {
  renderer ??= createPdfRenderer({ executablePath: servicesEnv().CHROMIUM_PATH });
  return renderer;
}

/** Closes the worker's Chromium, if one was started (called at shutdown and by tests). */
export async function closeReportRenderer(): Promise<void> {
  const r = renderer;
  renderer = undefined;
  await r?.close();
}

/** A 5xx answer of the receiving server refuses the address for good: recorded as bounced, not retried. */
function smtpFailure(error: unknown): SendResult {
  const e = error as { responseCode?: unknown; response?: unknown; message?: unknown };
  const code = typeof e.responseCode === "number" ? e.responseCode : null;
  const text = typeof e.response === "string" ? e.response : error instanceof Error ? error.message : String(error);
  return { ok: false, permanent: code !== null && code >= 500, error: text };
}

function deliveryDeps(db: Db): ReportDeliveryDeps {
  const ctx = systemContext(db, "report delivery");
  return {
    async sendEmail(mail) {
      try {
        const sent = await deliverMail(ctx, mail);
        return { ok: true, response: sent.response };
      } catch (error) {
        return smtpFailure(error);
      }
    },
    async postToChannel(input) {
      const result = await postReportToChannel(ctx, input, { http: platformHttpTransport(), now: () => Date.now() });
      if (result.outcome === "delivered") return { ok: true, response: `HTTP ${result.status ?? 200}` };
      return { ok: false, permanent: result.outcome === "permanent", error: result.detail ?? result.reason ?? "failed" };
    },
  };
}

export const scheduleReportsJob = (_payload: unknown, { db }: { db: Db }) => scheduleDueReports(systemContext(db, "report schedule"));

export const buildReportJob = (payload: { editionId: string }, { db }: { db: Db }) =>
  buildReportEdition(systemContext(db, "report build"), payload, {
    renderPdf: (html, meta) => pdfRenderer().render(html, meta),
  });

export const deliverReportJob = (payload: { deliveryId: string }, { db }: { db: Db }) =>
  deliverReport(systemContext(db, "report delivery"), payload, deliveryDeps(db));
