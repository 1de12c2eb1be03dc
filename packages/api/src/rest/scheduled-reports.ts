/**
 * Scheduled reports over HTTP (issue 14 point 6): definitions and the archive under /api/v1 (API keys, in the
 * OpenAPI document), an ad hoc render of any period (`inboxwatch report render --period 2026-11 --format pdf`),
 * the PDF download of the web page (session), and the public share pages (a token, nothing else).
 */
import { z } from "zod";

import { createPdfRenderer } from "@inboxwatch/reporting/pdf";
import { renderReportHtml } from "@inboxwatch/reporting/render";
import {
  createReportDefinition,
  deleteReportDefinition,
  getReportDefinition,
  getReportEdition,
  getReportEditionPdf,
  listReportDefinitions,
  listReportEditions,
  openSharedReport,
  openSharedReportPdf,
  pdfFileNameOf,
  readReportFigures,
  type ReportDefinitionRow,
  renderReportForPeriod,
  sendReportNow,
  updateReportDefinition,
  ZCreateReportDefinition,
  ZUpdateReportDefinition,
} from "@inboxwatch/services/scheduled-reports";
import { NotFoundError, servicesEnv, systemContext, TooLargeError, ValidationError } from "@inboxwatch/services";

import { accessForSession } from "../access.ts";
import { readBodyCapped } from "./body.ts";
import { errorResponse } from "./error-response.ts";
import { restHandler } from "./handler.ts";
import { createRequestContext, type HttpDeps, type RouteHandler } from "./http-deps.ts";
import { type RestEndpoint } from "./openapi.ts";

/** A definition is a few KB of JSON; anything larger is not one. */
const DEFINITION_MAX_BYTES = 64 * 1024;

async function readJsonBody(req: Request): Promise<unknown> {
  const bytes = await readBodyCapped(req.body, DEFINITION_MAX_BYTES);
  if (!bytes) throw new TooLargeError(`The body is over ${DEFINITION_MAX_BYTES} bytes`);
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new ValidationError("The body is not JSON");
  }
}

const ZDefinition = z.object({
  id: z.string(),
  name: z.string(),
  cadence: z.enum(["weekly", "monthly"]),
  weekday: z.number().nullable().describe("ISO weekday 1 (Monday) … 7 (Sunday) of a weekly report"),
  monthDay: z.number().nullable().describe("Day of month 1 … 28 of a monthly report"),
  sendHour: z.number().describe("Local hour in the organization's time zone"),
  audience: z.enum(["leadership", "ops", "marketing"]),
  scopeDomains: z.array(z.string()),
  scopeServerIds: z.array(z.string()),
  scopeCampaigns: z.array(z.string()),
  recipientRoles: z.array(z.string()),
  recipientEmails: z.array(z.string()),
  channelIds: z.array(z.string()).describe("Slack, Teams or webhook channels (alert channels of the organization)"),
  attachPdf: z.boolean(),
  enabled: z.boolean(),
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const ZEditionSummary = z.object({
  id: z.string(),
  definitionId: z.string().nullable(),
  title: z.string(),
  kind: z.enum(["scheduled", "sent now"]),
  cadence: z.string(),
  audience: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  status: z.enum(["building", "ready", "failed"]),
  error: z.string().nullable(),
  createdAt: z.string(),
  builtAt: z.string().nullable(),
  deliveries: z.object({ total: z.number(), sent: z.number(), bounced: z.number(), failed: z.number(), pending: z.number() }),
});

const ZEdition = ZEditionSummary.omit({ kind: true, deliveries: true }).extend({
  deliveries: z.array(
    z.object({
      channel: z.string(),
      recipient: z.string(),
      status: z.enum(["pending", "sending", "sent", "failed", "bounced"]),
      attempts: z.number(),
      lastError: z.string().nullable().describe("The receiving server's or endpoint's answer when it failed or bounced"),
      sentAt: z.string().nullable(),
    }),
  ),
  figures: z.record(z.string(), z.unknown()).nullable().describe("The report's figures frozen at build time (ReportFigures, version 1)"),
});

export const SCHEDULED_REPORT_ENDPOINTS = {
  listReportDefinitions: {
    method: "get",
    path: "/report-definitions",
    summary:
      "The organization's recurring deliverability reports: cadence, local send hour (organization time zone), audience, scope, recipients, next send.",
    scope: "reports.read",
    response: z.object({ items: z.array(ZDefinition) }),
  },
  createReportDefinition: {
    method: "post",
    path: "/report-definitions",
    summary:
      "Define a recurring report: weekly (weekday 1–7) or monthly (monthDay 1–28) at sendHour in the organization's time zone, for an audience " +
      "(leadership | ops | marketing), scoped to domains / servers / campaigns (empty = all), sent to members by role, external addresses and Slack / Teams / webhook channels.",
    scope: "reports.write",
    response: ZDefinition,
    requestBody: ZCreateReportDefinition,
  },
  getReportDefinition: {
    method: "get",
    path: "/report-definitions/{id}",
    summary: "One report definition.",
    scope: "reports.read",
    response: ZDefinition,
  },
  updateReportDefinition: {
    method: "patch",
    path: "/report-definitions/{id}",
    summary: "Change a report definition (only the fields sent); the next send is recomputed.",
    scope: "reports.write",
    response: ZDefinition,
    requestBody: ZUpdateReportDefinition.omit({ id: true }),
  },
  deleteReportDefinition: {
    method: "delete",
    path: "/report-definitions/{id}",
    summary: "Delete a report definition; the reports it already sent stay in the archive.",
    scope: "reports.write",
    response: z.object({ id: z.string() }),
  },
  sendReportNow: {
    method: "post",
    path: "/report-definitions/{id}/send",
    summary:
      "Build and send the report of the last complete period now, as its own archived edition; poll /report-editions/{editionId} for its status.",
    scope: "reports.write",
    response: z.object({ editionId: z.string() }),
  },
  listReportEditions: {
    method: "get",
    path: "/report-editions",
    summary:
      "The archive, newest first: every built report with its status and delivery counts. Query: ?definition=<id>, ?limit=1..100, ?cursor=<nextCursor>.",
    scope: "reports.read",
    response: z.object({ items: z.array(ZEditionSummary), nextCursor: z.string().nullable() }),
  },
  getReportEdition: {
    method: "get",
    path: "/report-editions/{id}",
    summary:
      "One archived report: its frozen figures and its delivery log (bounced recipients with the server's answer). The PDF is at /report-editions/{id}/pdf.",
    scope: "reports.read",
    response: ZEdition,
  },
  getReportEditionPdf: {
    method: "get",
    path: "/report-editions/{id}/pdf",
    summary: "The archived report's PDF (application/pdf), as sent.",
    scope: "reports.read",
    response: z.string().describe("application/pdf"),
  },
  renderReport: {
    method: "get",
    path: "/report-render",
    summary:
      "Build the report of any past period now, without archiving or sending it. Query: ?period=2026-11 (a month) or 2026-W48 (an ISO week) in the organization's " +
      "time zone (required), ?audience=leadership|ops|marketing, ?format=json (default: the figures) | html | pdf, ?domain= / ?server= / ?campaign= (repeatable).",
    scope: "reports.read",
    response: z.record(z.string(), z.unknown()).describe("ReportFigures for format=json; text/html or application/pdf otherwise"),
  },
} satisfies Record<string, RestEndpoint>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toDefinition(d: ReportDefinitionRow): z.infer<typeof ZDefinition> {
  return {
    ...d,
    cadence: d.cadence === "monthly" ? "monthly" : "weekly",
    audience: d.audience === "ops" || d.audience === "marketing" ? d.audience : "leadership",
    nextRunAt: iso(d.nextRunAt),
    lastRunAt: iso(d.lastRunAt),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

type EditionStatus = z.infer<typeof ZEditionSummary>["status"];
const asStatus = (s: string): EditionStatus => (s === "ready" || s === "failed" ? s : "building");

let renderer: ReturnType<typeof createPdfRenderer> | undefined;
/** One Chromium per web process for ad hoc PDF renders, started on first use. */
function pdfRenderer() {
  renderer ??= createPdfRenderer({ executablePath: servicesEnv().CHROMIUM_PATH });
  return renderer;
}

/** Closes the web process's report Chromium, if a render started one (tests; the process exit does it otherwise). */
export async function closeRestPdfRenderer(): Promise<void> {
  const r = renderer;
  renderer = undefined;
  await r?.close();
}

function pdfResponse(pdf: Uint8Array, fileName: string): Response {
  return new Response(Buffer.from(pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "private, no-store",
    },
  });
}

/** A report page served standalone: nothing may load from anywhere (no scripts, no fetches), and no one may frame it. */
const REPORT_PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy":
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
  "referrer-policy": "no-referrer",
  "x-robots-tag": "noindex, nofollow",
  "cache-control": "private, no-store",
};

export function createScheduledReportRoutes(deps: HttpDeps) {
  const E = SCHEDULED_REPORT_ENDPOINTS;
  return {
    listReportDefinitions: restHandler(deps, E.listReportDefinitions, async ({ ctx }) => ({
      items: (await listReportDefinitions(ctx)).map(toDefinition),
    })),
    createReportDefinition: restHandler(deps, E.createReportDefinition, async ({ req, ctx }) => {
      const body = ZCreateReportDefinition.parse(await readJsonBody(req));
      return Response.json(toDefinition(await createReportDefinition(ctx, body)), { status: 201 });
    }),
    getReportDefinition: restHandler<{ id: string }>(deps, E.getReportDefinition, async ({ ctx, params }) =>
      toDefinition(await getReportDefinition(ctx, params)),
    ),
    updateReportDefinition: restHandler<{ id: string }>(deps, E.updateReportDefinition, async ({ req, ctx, params }) => {
      const body = await readJsonBody(req);
      if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ValidationError("The body must be a JSON object");
      return toDefinition(await updateReportDefinition(ctx, { ...(body as Record<string, unknown>), id: params.id }));
    }),
    deleteReportDefinition: restHandler<{ id: string }>(deps, E.deleteReportDefinition, async ({ ctx, params }) =>
      deleteReportDefinition(ctx, params),
    ),
    sendReportNow: restHandler<{ id: string }>(deps, E.sendReportNow, async ({ ctx, params }) =>
      Response.json(await sendReportNow(ctx, params), { status: 202 }),
    ),
    listReportEditions: restHandler(deps, E.listReportEditions, async ({ req, ctx }) => {
      const url = new URL(req.url);
      const limit = url.searchParams.get("limit");
      const page = await listReportEditions(ctx, {
        ...(url.searchParams.get("definition") ? { definitionId: url.searchParams.get("definition") ?? undefined } : {}),
        ...(limit ? { limit: Number(limit) } : {}),
        ...(url.searchParams.get("cursor") ? { cursor: url.searchParams.get("cursor") ?? undefined } : {}),
      });
      return {
        items: page.items.map((e) => ({
          id: e.id,
          definitionId: e.definitionId,
          title: e.title,
          kind: e.kind,
          cadence: e.cadence,
          audience: e.audience,
          periodFrom: e.periodFrom.toISOString(),
          periodTo: e.periodTo.toISOString(),
          status: asStatus(e.status),
          error: e.error,
          createdAt: e.createdAt.toISOString(),
          builtAt: iso(e.builtAt),
          deliveries: e.deliveries,
        })),
        nextCursor: page.nextCursor,
      };
    }),
    getReportEdition: restHandler<{ id: string }>(deps, E.getReportEdition, async ({ ctx, params }) => {
      const e = await getReportEdition(ctx, params);
      return {
        id: e.id,
        definitionId: e.definitionId,
        title: e.title,
        cadence: e.cadence,
        audience: e.audience,
        periodFrom: e.periodFrom.toISOString(),
        periodTo: e.periodTo.toISOString(),
        status: asStatus(e.status),
        error: e.error,
        createdAt: e.createdAt.toISOString(),
        builtAt: iso(e.builtAt),
        deliveries: e.deliveries.map((d) => ({
          channel: d.channel,
          recipient: d.targetLabel,
          status: d.status as z.infer<typeof ZEdition>["deliveries"][number]["status"],
          attempts: d.attempts,
          lastError: d.lastError,
          sentAt: iso(d.sentAt),
        })),
        figures: e.figures ? { ...e.figures } : null,
      };
    }),
    getReportEditionPdf: restHandler<{ id: string }>(deps, E.getReportEditionPdf, async ({ ctx, params }) => {
      const { pdf, fileName } = await getReportEditionPdf(ctx, params);
      return pdfResponse(pdf, fileName);
    }),
    renderReport: restHandler(deps, E.renderReport, async ({ req, ctx }) => {
      const url = new URL(req.url);
      const format = url.searchParams.get("format") ?? "json";
      if (!["json", "html", "pdf"].includes(format)) throw new ValidationError("format is json, html or pdf");
      const figures = await renderReportForPeriod(ctx, {
        period: url.searchParams.get("period") ?? "",
        audience: (url.searchParams.get("audience") ?? "leadership") as "leadership",
        scopeDomains: url.searchParams.getAll("domain"),
        scopeServerIds: url.searchParams.getAll("server"),
        scopeCampaigns: url.searchParams.getAll("campaign"),
      });
      if (format === "json") return figures;
      const html = renderReportHtml(figures);
      if (format === "html") return new Response(html, { headers: REPORT_PAGE_HEADERS });
      return pdfResponse(await pdfRenderer().render(html, { title: figures.title, orgName: figures.org.name }), pdfFileNameOf(figures));
    }),
  } satisfies Record<keyof typeof SCHEDULED_REPORT_ENDPOINTS, unknown>;
}

/** GET /{org}/scheduled-reports/{id}/pdf: the PDF download of the web page (session; the organization from the path). */
export function reportPdfDownloadRoute(deps: HttpDeps): RouteHandler<{ org: string; editionId: string }> {
  return async (req, route) => {
    try {
      const params = await route.params;
      const request = await createRequestContext(deps, req);
      const { ctx } = await accessForSession(request.db, request.user, params.org, "reports.read");
      const { pdf, fileName } = await getReportEditionPdf(ctx, { id: params.editionId });
      return pdfResponse(pdf, fileName);
    } catch (err) {
      return errorResponse(err, "[report pdf]");
    }
  };
}

const NOT_FOUND_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>Report not found</title></head><body style="font-family:system-ui,sans-serif;color:#334155;max-width:520px;margin:80px auto;padding:0 24px">' +
  '<h1 style="font-size:20px">This report link does not work</h1><p>It may have expired or been revoked. Ask the person who shared it for a new link.</p></body></html>';

/** GET /share/reports/{token} and …/pdf: a shared report, read-only, without login; anything wrong is the same 404. */
export function sharedReportRoutes(deps: HttpDeps) {
  const page: RouteHandler<{ token: string }> = async (req, route) => {
    try {
      const { token } = await route.params;
      const request = await createRequestContext(deps, req, { session: false });
      const shared = await openSharedReport(systemContext(request.db, "report share"), { token });
      return new Response(renderReportHtml(readReportFigures(shared.figures)), { headers: REPORT_PAGE_HEADERS });
    } catch (err) {
      if (err instanceof NotFoundError) return new Response(NOT_FOUND_PAGE, { status: 404, headers: REPORT_PAGE_HEADERS });
      return errorResponse(err, "[report share]");
    }
  };
  const pdf: RouteHandler<{ token: string }> = async (req, route) => {
    try {
      const { token } = await route.params;
      const request = await createRequestContext(deps, req, { session: false });
      const shared = await openSharedReportPdf(systemContext(request.db, "report share"), { token });
      return pdfResponse(shared.pdf, `${shared.title.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.pdf`);
    } catch (err) {
      if (err instanceof NotFoundError) return new Response(NOT_FOUND_PAGE, { status: 404, headers: REPORT_PAGE_HEADERS });
      return errorResponse(err, "[report share]");
    }
  };
  return { page, pdf };
}
