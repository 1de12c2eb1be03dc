/**
 * /api/v1/analytics/metadata, /conversions and /imports: the customer's own data in (issue 13 item 2).
 * JSON rows (≤ 10,000) are imported before the reply: 200 IMPORTED, or 422 with the line-numbered errors
 * and nothing imported. A CSV body is streamed to disk as it arrives (never buffered) and run by the
 * worker: 202 with the PENDING import, polled at /imports/{id}. The browser's upload (session, x-org-slug)
 * shares the CSV handler.
 */
import { z } from "zod";

import { TooLargeError, UnsupportedMediaTypeError, ValidationError, type OrgContext } from "@inboxwatch/services";
import {
  type AnalyticsImportSummary,
  createCsvImport,
  getImport,
  IMPORT_KINDS,
  IMPORT_MAX_API_ROWS,
  importConversionRows,
  importMetadataRows,
  type ImportKind,
  listImports,
} from "@inboxwatch/services/analytics-imports";

import { readBodyCapped } from "./body.ts";
import { restHandler, sessionHandler } from "./handler.ts";
import { type HttpDeps } from "./http-deps.ts";
import { type RestEndpoint } from "./openapi.ts";

/** A JSON body of 10,000 rows is a few MB; past this it is not a REST import but a file. */
const IMPORT_JSON_MAX_BYTES = 16 * 1024 * 1024;

export const ZAnalyticsImportResponse = z.object({
  id: z.string(),
  kind: z.enum(IMPORT_KINDS),
  via: z.enum(["api", "csv"]),
  fileName: z.string(),
  sizeBytes: z.number().int(),
  status: z.enum(["PENDING", "RUNNING", "IMPORTED", "FAILED"]),
  rowsRead: z.number().int().describe("Rows read so far (validation pass)"),
  rowsImported: z.number().int(),
  errors: z
    .array(z.object({ line: z.number().int(), column: z.string().optional(), message: z.string() }))
    .describe("At most 100; line = physical CSV line (header = 1) or JSON row index + 1; 0 = the import as a whole"),
  moreErrors: z.number().int().describe("Errors past the first 100, counted only"),
  createdBy: z.string().nullable(),
  createdAt: z.string().describe("ISO 8601"),
  finishedAt: z.string().nullable(),
});
export const ZAnalyticsImportListResponse = z.object({ items: z.array(ZAnalyticsImportResponse) });
const ZRowsBody = z.object({ rows: z.array(z.record(z.string(), z.unknown())).describe(`At most ${IMPORT_MAX_API_ROWS} rows`) });

export const ANALYTICS_IMPORT_ENDPOINTS = {
  importAnalyticsMetadata: {
    method: "post",
    path: "/analytics/metadata",
    summary:
      'Message metadata as JSON {"rows":[…]}: message_id and/or recipient (email), campaign, variant, acquisition_source, signup_date (YYYY-MM-DD). ' +
      "A row with message_id tags that message; a row with recipient updates the recipient's profile (kept as the organization's hash only). " +
      `At most ${IMPORT_MAX_API_ROWS} rows (413 above: upload a CSV). All rows or none: 200 IMPORTED, or 422 with the import FAILED and its errors by row (line = index + 1).`,
    scope: "analytics.write",
    response: ZAnalyticsImportResponse,
    requestBody: ZRowsBody,
  },
  importAnalyticsConversions: {
    method: "post",
    path: "/analytics/conversions",
    summary:
      'Conversions as JSON {"rows":[…]}: external_id, recipient (email), occurred_at (ISO 8601 with zone, or YYYY-MM-DD), value (decimal ≥ 0), ' +
      "currency (ISO 4217), campaign (optional). Upserted on external_id: a re-sent conversion updates, never duplicates. " +
      `At most ${IMPORT_MAX_API_ROWS} rows. All rows or none: 200 IMPORTED, or 422 with the errors by row.`,
    scope: "analytics.write",
    response: ZAnalyticsImportResponse,
    requestBody: ZRowsBody,
  },
  uploadAnalyticsImport: {
    method: "post",
    path: "/analytics/imports",
    summary:
      "A metadata or conversion CSV as the raw request body (Content-Type text/csv; header row required, column names as the JSON endpoints, " +
      "any case). Query: ?kind=metadata|conversions (required), ?file_name=. Streamed to disk, at most ANALYTICS_IMPORT_MAX_BYTES (200 MiB; 413 above). " +
      "202 with the PENDING import; the worker validates every line, then imports all rows in one transaction or none — poll /analytics/imports/{id}.",
    scope: "analytics.write",
    response: ZAnalyticsImportResponse,
  },
  listAnalyticsImports: {
    method: "get",
    path: "/analytics/imports",
    summary: "The organization's last 50 metadata and conversion imports (REST and CSV), newest first, with status, row counts and errors.",
    scope: "analytics.read",
    response: ZAnalyticsImportListResponse,
  },
  getAnalyticsImport: {
    method: "get",
    path: "/analytics/imports/{id}",
    summary:
      "One import: status (PENDING, RUNNING, IMPORTED, FAILED), rows read and imported so far, and the line-numbered errors of a failed one.",
    scope: "analytics.read",
    response: ZAnalyticsImportResponse,
  },
} satisfies Record<string, RestEndpoint>;

export function toImportResponse(i: AnalyticsImportSummary): z.infer<typeof ZAnalyticsImportResponse> {
  return { ...i, createdAt: i.createdAt.toISOString(), finishedAt: i.finishedAt?.toISOString() ?? null };
}

async function readRows(req: Request): Promise<unknown[]> {
  const bytes = await readBodyCapped(req.body, IMPORT_JSON_MAX_BYTES);
  if (!bytes) throw new TooLargeError(`The body is over ${IMPORT_JSON_MAX_BYTES} bytes; upload a CSV file to /analytics/imports`);
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new ValidationError('The body is not JSON; send {"rows":[…]}');
  }
  const rows = (body as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) throw new ValidationError('The body must be {"rows":[…]}');
  return rows as unknown[];
}

/** 200 when imported; 422 (the import, FAILED, with its errors) when any row was refused. */
const importReply = (i: AnalyticsImportSummary) => Response.json(toImportResponse(i), { status: i.status === "FAILED" ? 422 : 200 });

function kindOf(url: URL): ImportKind {
  const kind = url.searchParams.get("kind");
  if (!(IMPORT_KINDS as readonly string[]).includes(kind ?? ""))
    throw new ValidationError('The query parameter "kind" must be metadata or conversions');
  return kind as ImportKind;
}

/** A CSV body (REST or the browser's upload), streamed into createCsvImport; 202 with the PENDING import. */
async function receiveCsv(ctx: OrgContext, req: Request): Promise<Response> {
  const url = new URL(req.url);
  const kind = kindOf(url);
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity") throw new UnsupportedMediaTypeError(`Content-Encoding "${encoding}" is not supported; send the CSV as is`);
  if (!req.body) throw new ValidationError("The file is empty: a header row is required");
  const fileName = url.searchParams.get("file_name") ?? req.headers.get("x-file-name") ?? `${kind}.csv`;
  const created = await createCsvImport(ctx, { kind, fileName: decodeURIComponent(fileName), stream: req.body });
  return Response.json(toImportResponse(created), { status: 202 });
}

export function createAnalyticsImportRoutes(deps: HttpDeps) {
  const E = ANALYTICS_IMPORT_ENDPOINTS;
  return {
    importAnalyticsMetadata: restHandler(deps, E.importAnalyticsMetadata, async ({ req, ctx }) =>
      importReply(await importMetadataRows(ctx, { rows: await readRows(req) })),
    ),
    importAnalyticsConversions: restHandler(deps, E.importAnalyticsConversions, async ({ req, ctx }) =>
      importReply(await importConversionRows(ctx, { rows: await readRows(req) })),
    ),
    uploadAnalyticsImport: restHandler(deps, E.uploadAnalyticsImport, ({ req, ctx }) => receiveCsv(ctx, req)),
    listAnalyticsImports: restHandler(deps, E.listAnalyticsImports, async ({ ctx }) => ({
      items: (await listImports(ctx)).map(toImportResponse),
    })),
    getAnalyticsImport: restHandler<{ id: string }>(deps, E.getAnalyticsImport, async ({ ctx, params }) =>
      toImportResponse(await getImport(ctx, { id: params.id })),
    ),
  } satisfies Record<keyof typeof ANALYTICS_IMPORT_ENDPOINTS, unknown>;
}

/** POST /api/upload/analytics-imports?kind=…&file_name=…: the data page's upload (session, x-org-slug, analytics.write). */
export function uploadAnalyticsImportRoute(deps: HttpDeps) {
  return sessionHandler(deps, "analytics.write", ({ req, ctx }) => receiveCsv(ctx, req));
}
