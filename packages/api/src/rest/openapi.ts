/**
 * The REST surface for machines (/api/v1, API-key auth), described once: each endpoint's path, method,
 * scope and response schema. The route handlers (routes.ts) use the same descriptors, and the OpenAPI
 * document served at /api/v1/openapi.json is generated from them, so docs cannot drift from code.
 */
import { z } from "zod";

import { SERVICE_ERRORS, type ServiceErrorCode, type TApiKeyScope } from "@inboxwatch/services";

import { ZAnalyticsOverviewResponse, ZAnalyticsPanelsResponse, ZRoiResponse } from "./analytics.ts";
import { ZExperimentListResponse, ZExperimentResponse } from "./analytics-experiments.ts";
import { ZCohortsResponse } from "./analytics-cohorts.ts";
import { ANALYTICS_IMPORT_ENDPOINTS } from "./analytics-imports.ts";
import { SCHEDULED_REPORT_ENDPOINTS } from "./scheduled-reports.ts";
import { ZDomainChecksResponse, ZIpBlocklistsResponse } from "./dns-check.ts";
import { ZDomainMxResponse } from "./domain-mx.ts";
import { ZIncidentActionResponse, ZIncidentListResponse, ZIncidentResponse } from "./incidents.ts";
import { ZIngestLogsResponse, ZIngestReportResponse } from "./intake.ts";
import { ZServerProbesResponse } from "./probes.ts";
import { ZQueueSnapshot, ZQueueSnapshotResponse } from "@inboxwatch/services/ingest";

export interface RestEndpoint {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  scope: TApiKeyScope;
  response: z.ZodType;
  requestBody?: z.ZodType;
  /** A reply that is not JSON (the Prometheus exposition): its media type in the document; `response` describes the body as a string. */
  responseContentType?: string;
}

export const ZApiError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const ZOrganizationResponse = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  plan: z.string(),
  createdAt: z.string().describe("ISO 8601"),
  counts: z.object({ servers: z.number().int(), domains: z.number().int(), ips: z.number().int(), members: z.number().int() }),
});

export const REST_ENDPOINTS = {
  getOrganization: {
    method: "get",
    path: "/organization",
    summary: "The organization the API key belongs to, with inventory counts",
    scope: "org.read",
    response: ZOrganizationResponse,
  },
  getDomainChecks: {
    method: "get",
    path: "/domains/{id}/checks",
    summary:
      "A sending domain's latest DNS check (MX, SPF, DKIM, DMARC, BIMI, MTA-STS, TLS-RPT, domain blocklists) with findings and fixes, and its grade history",
    scope: "domains.read",
    response: ZDomainChecksResponse,
  },
  getDomainMx: {
    method: "get",
    path: "/domains/{id}/mx",
    summary:
      "A sending domain's watched MX set: each MX host's port-25 monitor (state, latency, TLS version), the rolled-up state, and recent state changes and MX set drift",
    scope: "domains.read",
    response: ZDomainMxResponse,
  },
  getServerProbes: {
    method: "get",
    path: "/servers/{id}/probes",
    summary:
      "A mail server's SMTP monitors (ports 25 / 587 / 465): state, TLS version, last latency, uptime over 24 h / 7 d / 30 d, and each monitor's most recent probes with per-phase timings",
    scope: "servers.read",
    response: ZServerProbesResponse,
  },
  getIpBlocklists: {
    method: "get",
    path: "/ips/{id}/blocklists",
    summary:
      "A sending IP's latest blocklist matrix (each list: listed, clear or error, return codes, TXT reason, delisting link) and reverse DNS",
    scope: "ips.read",
    response: ZIpBlocklistsResponse,
  },
  ingestLogs: {
    method: "post",
    path: "/ingest/logs",
    summary:
      "Ship MTA log lines (raw syslog text, or NDJSON with Content-Type application/x-ndjson), optionally Content-Encoding: gzip; " +
      "at most 5 MiB per request (413 above; 25 MiB inflated). 202 once the batch is stored; an Idempotency-Key (or X-Batch-Id, or ?batch_id=) " +
      "seen before returns 200 with the original batch. Optional ?source=<name> (one correlation stream per source) and ?format=postfix|exim|json|….",
    scope: "ingest",
    response: ZIngestLogsResponse,
  },
  ingestQueue: {
    method: "post",
    path: "/ingest/queue",
    summary: "Post a mail queue snapshot (e.g. from postqueue -j): active, deferred, hold, incoming counts and the oldest message's age",
    scope: "ingest",
    response: ZQueueSnapshotResponse,
    requestBody: ZQueueSnapshot,
  },
  ingestReports: {
    method: "post",
    path: "/ingest/reports",
    summary:
      "Submit one report as the raw request body: DMARC aggregate XML (.xml, .xml.gz, .zip), TLS-RPT JSON (.json, .json.gz), or a report email " +
      "(.eml: rua/ruf, ARF feedback). At most 25 MiB (413 above). 202 once stored and queued for parsing; 200 when the same bytes were already stored.",
    scope: "ingest",
    response: ZIngestReportResponse,
  },
  listIncidents: {
    method: "get",
    path: "/incidents",
    summary:
      "Incidents, newest first, with counts by status and severity. Query: ?status=all (default)|current (not resolved, or resolved in the last 24 h)|open|acknowledged|resolved|active (not resolved), ?severity=critical|warning|info, " +
      "?limit=1..100 (default 50), ?cursor=<nextCursor of the previous page> (keyset paging).",
    scope: "alerts.read",
    response: ZIncidentListResponse,
  },
  getIncident: {
    method: "get",
    path: "/incidents/{id}",
    summary:
      "One incident: status, severity, scope, the latest evidence, the rule, the timeline (fired, notified, acked, commented, resolved) and its notifications",
    scope: "alerts.read",
    response: ZIncidentResponse,
  },
  acknowledgeIncident: {
    method: "post",
    path: "/incidents/{id}/acknowledge",
    summary: "Acknowledge an open incident (400 when it is already acknowledged or resolved); the timeline records the API key",
    scope: "alerts.write",
    response: ZIncidentActionResponse,
  },
  resolveIncident: {
    method: "post",
    path: "/incidents/{id}/resolve",
    summary: "Resolve an incident by hand and notify the rule's channels (PagerDuty resolves its alert); 400 when already resolved",
    scope: "alerts.write",
    response: ZIncidentActionResponse,
  },
  getAnalyticsOverview: {
    method: "get",
    path: "/analytics/overview",
    summary:
      "Every KPI of the catalogue (docs/kpis.md) for a period, with the previous period and the delta; the accepted-rate series with its annotations; " +
      "and one breakdown. Query: ?from=&to= (ISO 8601, required, at most 366 days), ?provider=, ?domain=, ?server=, ?campaign=, ?by=provider|senderDomain|serverId|campaign, ?compare=0. " +
      'A KPI under its minimum volume is {"state":"not-enough"}, never a misleading rate.',
    scope: "analytics.read",
    response: ZAnalyticsOverviewResponse,
  },
  getAnalyticsPanels: {
    method: "get",
    path: "/analytics/panels",
    summary:
      "The overview's panels for a period: a tile per SMTP port 25 / 587 / 465 (uptime, probes, p95 connect and banner times, state now) and queue depth " +
      "against mean send latency per hour (up to 31 days) or day. Query: as /analytics/overview (?from=&to= required; ?provider=, ?domain=, ?server=). " +
      "The queue is the whole organization's whatever the filters; a port's state is unknown until one of its monitors has probed.",
    scope: "analytics.read",
    response: ZAnalyticsPanelsResponse,
  },
  getAnalyticsCohorts: {
    method: "get",
    path: "/analytics/cohorts",
    summary:
      "A cohort table as the heat map shows it: rows are cohorts (acquisition source × mailbox provider, or signup month), columns weeks since " +
      "signup (0..12, 13+) or the last 12 ISO weeks; each cell has its rate, 95 % Wilson interval and sample size (distinct recipients), and the " +
      "best cohort by the interval's lower bound. Query: ?grouping=source-provider|signup-month, ?columns=weeks-since-signup|calendar-week, " +
      "?metric=accepted|inbox|click|conversion (inbox is the engagement-based inbox proxy). Read from the table the analytics.refresh job stored, " +
      'never computed on the request: {"state":"not-computed"} before its first run.',
    scope: "analytics.read",
    response: ZCohortsResponse,
  },
  listAnalyticsExperiments: {
    method: "get",
    path: "/analytics/experiments",
    summary:
      "The organization's A/B experiments, newest first, each with its settings, the verdict of its last computed result and when that was " +
      "computed (results are computed by the analytics.refresh job, never on the request).",
    scope: "analytics.read",
    response: ZExperimentListResponse,
  },
  getAnalyticsExperiment: {
    method: "get",
    path: "/analytics/experiments/{id}",
    summary:
      "One experiment with its stored result: per variant trials, successes, rate and its interval, cumulative daily series and revenue per " +
      "currency; each variant against the control (difference, interval, p-value of the fixed-horizon z-test or the sequential mSPRT, as the " +
      "design says); minimum detectable effect, sample size needed and reached; the verdict and its sentence. result.view is null before the first refresh.",
    scope: "analytics.read",
    response: ZExperimentResponse,
  },
  getAnalyticsRoi: {
    method: "get",
    path: "/analytics/roi",
    summary:
      "The ROI of a period against the one before it (revenue from better delivery, avoided downtime and queue-delay cost) and each incident's recovery cycle, " +
      "every figure with its formula and inputs. Query: ?from=&to= (ISO 8601, required).",
    scope: "analytics.read",
    response: ZRoiResponse,
  },
  getMetrics: {
    method: "get",
    path: "/metrics",
    summary:
      "The organization's figures for its own Prometheus, in the text exposition format 0.0.4 (scrape with `authorization` / `bearer_token` in " +
      "the scrape config): uptime and p95 connect time per server and port and delivery rates by mailbox provider and sending domain over the " +
      "last 24 h, DMARC aligned pass rate per domain over 7 days, blocklist listings per IP, open incidents by severity. Label values are capped " +
      "(top 20 providers, 200 domains, servers and IPs; the rest as other); every metric is listed in docs/metrics.md.",
    scope: "metrics.read",
    response: z.string().describe("Prometheus text format 0.0.4"),
    responseContentType: "text/plain; version=0.0.4",
  },
  ...ANALYTICS_IMPORT_ENDPOINTS,
  ...SCHEDULED_REPORT_ENDPOINTS,
} satisfies Record<string, RestEndpoint>;

/** What each service error means on this surface; its status comes from SERVICE_ERRORS, the one table. */
const ERROR_DESCRIPTIONS: Record<ServiceErrorCode, string> = {
  VALIDATION: "Invalid input (VALIDATION)",
  UNAUTHORIZED: "Missing, malformed or revoked API key",
  FORBIDDEN: "The key lacks the endpoint's scope",
  NOT_FOUND: "Not found in this organization",
  CONFLICT: "Conflicts with an existing object (e.g. the same name twice)",
  TOO_LARGE: "Body over its size limit (TOO_LARGE)",
  UNSUPPORTED_MEDIA_TYPE: "A body encoding the endpoint does not read (UNSUPPORTED_MEDIA_TYPE); send identity or gzip",
  LIMIT_EXCEEDED: "A quota of objects is reached (LIMIT_EXCEEDED)",
  RATE_LIMITED: "Rate limited (RATE_LIMITED); see Retry-After",
  UNAVAILABLE: "The database is briefly unreachable (restart, failover); retry after Retry-After seconds",
};

const ERROR_RESPONSES: Record<string, { description: string }> = Object.fromEntries(
  (Object.entries(ERROR_DESCRIPTIONS) as [ServiceErrorCode, string][]).map(([code, description]) => [
    String(SERVICE_ERRORS[code].http),
    { description },
  ]),
);

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, e] of Object.entries(REST_ENDPOINTS) as [string, RestEndpoint][]) {
    const pathItem = (paths[e.path] ??= {});
    pathItem[e.method] = {
      operationId,
      summary: e.summary,
      description: `Requires scope \`${e.scope}\`.`,
      security: [{ apiKey: [] }],
      ...(e.requestBody
        ? { requestBody: { required: true, content: { "application/json": { schema: z.toJSONSchema(e.requestBody) } } } }
        : {}),
      responses: {
        "200": { description: "OK", content: { [e.responseContentType ?? "application/json"]: { schema: z.toJSONSchema(e.response) } } },
        ...Object.fromEntries(
          Object.entries(ERROR_RESPONSES).map(([code, r]) => [
            code,
            { ...r, content: { "application/json": { schema: z.toJSONSchema(ZApiError) } } },
          ]),
        ),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Inboxwatch API",
      version: "1.0.0",
      description: "Machine access to Inboxwatch. Authenticate with `Authorization: Bearer <API key>` (Settings → API keys).",
    },
    servers: [{ url: `${serverUrl.replace(/\/+$/, "")}/api/v1` }],
    components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An Inboxwatch API key (iw_…)" } } },
    paths,
  };
}
