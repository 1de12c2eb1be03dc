/**
 * Every /api/v1 route, one handler per REST_ENDPOINTS entry: the web app's route files re-export these
 * (apps/web/src/app/api/v1/…/route.ts). Each handler only parses the request, calls a verb with the
 * OrgContext the access ladder built, and shapes the reply; authentication, scope, rate limit and errors
 * are restHandler's. The intake handlers (intake.ts) read the body with its size limits enforced while
 * it streams.
 */
import { acknowledgeIncident, getIncident, listIncidents, resolveIncident } from "@inboxwatch/alerting";
import { ValidationError } from "@inboxwatch/services";
import { renderOrgMetrics } from "@inboxwatch/services/metrics";
import { getOrganization } from "@inboxwatch/services/organization";
import { getOverview } from "@inboxwatch/services/overview";
import { getDomainHealth, getIpHealth } from "@inboxwatch/services/dns-check";
import { getDomainMx, listProbeResults, listServerMonitors } from "@inboxwatch/services/probes";

import {
  getAnalyticsOverview,
  getAnalyticsPanels,
  getCohorts,
  getExperiment,
  getRoi,
  listExperiments,
} from "@inboxwatch/services/analytics";

import { parseAnalyticsQuery, parseRoiQuery, toFigureResponse } from "./analytics.ts";
import { toExperimentListResponse, toExperimentResponse } from "./analytics-experiments.ts";
import { parseCohortQuery, toCohortsResponse } from "./analytics-cohorts.ts";
import { createAnalyticsImportRoutes } from "./analytics-imports.ts";
import { createScheduledReportRoutes } from "./scheduled-reports.ts";
import { toDomainChecksResponse, toIpBlocklistsResponse } from "./dns-check.ts";
import { toDomainMxResponse } from "./domain-mx.ts";
import { restHandler } from "./handler.ts";
import { type HttpDeps } from "./http-deps.ts";
import { parseIncidentQuery, toIncidentResponse, toIncidentSummary } from "./incidents.ts";
import { type IntakeReply, receiveLogs, receiveQueueSnapshot, receiveReport } from "./intake.ts";
import { REST_ENDPOINTS } from "./openapi.ts";
import { REST_PROBES_PER_MONITOR, toServerProbesResponse } from "./probes.ts";

type ById = { id: string };

/** An intake's reply: 202 stored, 200 stored before (its refusals are thrown, answered by restHandler). */
const intakeReply = (reply: IntakeReply) => Response.json(reply.body, { status: reply.status });

export function createRestRoutes(deps: HttpDeps) {
  return {
    getOrganization: restHandler(deps, REST_ENDPOINTS.getOrganization, async ({ ctx }) => {
      const [org, overview] = await Promise.all([getOrganization(ctx), getOverview(ctx)]);
      const { servers, domains, ips, members } = overview.counts;
      return {
        id: org.id,
        name: org.name,
        slug: org.slug,
        plan: org.plan,
        createdAt: org.createdAt.toISOString(),
        counts: { servers, domains, ips, members },
      };
    }),

    getDomainChecks: restHandler<ById>(deps, REST_ENDPOINTS.getDomainChecks, async ({ ctx, params }) =>
      toDomainChecksResponse(await getDomainHealth(ctx, { id: params.id })),
    ),

    getDomainMx: restHandler<ById>(deps, REST_ENDPOINTS.getDomainMx, async ({ ctx, params }) =>
      toDomainMxResponse(await getDomainMx(ctx, { domainId: params.id })),
    ),

    getIpBlocklists: restHandler<ById>(deps, REST_ENDPOINTS.getIpBlocklists, async ({ ctx, params }) =>
      toIpBlocklistsResponse(await getIpHealth(ctx, { id: params.id })),
    ),

    getServerProbes: restHandler<ById>(deps, REST_ENDPOINTS.getServerProbes, async ({ ctx, params }) => {
      const data = await listServerMonitors(ctx, { serverId: params.id });
      const recent = await Promise.all(
        data.monitors.map(
          async (m) => [m.id, (await listProbeResults(ctx, { monitorId: m.id, limit: REST_PROBES_PER_MONITOR })).items] as const,
        ),
      );
      return toServerProbesResponse(data, new Map(recent));
    }),

    listIncidents: restHandler(deps, REST_ENDPOINTS.listIncidents, async ({ req, ctx }) => {
      const parsed = parseIncidentQuery(new URL(req.url));
      if (!parsed.ok) throw new ValidationError(parsed.message);
      const page = await listIncidents(ctx, parsed.query);
      return { items: page.items.map(toIncidentSummary), counts: page.counts, nextCursor: page.nextCursor };
    }),

    getIncident: restHandler<ById>(deps, REST_ENDPOINTS.getIncident, async ({ ctx, params }) =>
      toIncidentResponse(await getIncident(ctx, { id: params.id })),
    ),

    acknowledgeIncident: restHandler<ById>(deps, REST_ENDPOINTS.acknowledgeIncident, async ({ ctx, params }) => {
      const { id } = await acknowledgeIncident(ctx, { id: params.id });
      return { incident: toIncidentResponse(await getIncident(ctx, { id })) };
    }),

    resolveIncident: restHandler<ById>(deps, REST_ENDPOINTS.resolveIncident, async ({ ctx, params }) => {
      const { id } = await resolveIncident(ctx, { id: params.id });
      return { incident: toIncidentResponse(await getIncident(ctx, { id })) };
    }),

    getAnalyticsOverview: restHandler(deps, REST_ENDPOINTS.getAnalyticsOverview, async ({ req, ctx }) => {
      const o = await getAnalyticsOverview(ctx, parseAnalyticsQuery(new URL(req.url)));
      return { ...o, annotations: o.annotations.map(({ at, kind, title }) => ({ at, kind, title })) };
    }),

    getAnalyticsPanels: restHandler(deps, REST_ENDPOINTS.getAnalyticsPanels, ({ req, ctx }) =>
      getAnalyticsPanels(ctx, parseAnalyticsQuery(new URL(req.url))),
    ),

    getAnalyticsCohorts: restHandler(deps, REST_ENDPOINTS.getAnalyticsCohorts, async ({ req, ctx }) =>
      toCohortsResponse(await getCohorts(ctx, parseCohortQuery(new URL(req.url)))),
    ),

    listAnalyticsExperiments: restHandler(deps, REST_ENDPOINTS.listAnalyticsExperiments, async ({ ctx }) =>
      toExperimentListResponse(await listExperiments(ctx)),
    ),

    getAnalyticsExperiment: restHandler<ById>(deps, REST_ENDPOINTS.getAnalyticsExperiment, async ({ ctx, params }) =>
      toExperimentResponse(await getExperiment(ctx, { id: params.id })),
    ),

    getAnalyticsRoi: restHandler(deps, REST_ENDPOINTS.getAnalyticsRoi, async ({ req, ctx }) => {
      const roi = await getRoi(ctx, parseRoiQuery(new URL(req.url)));
      const r = roi.result;
      return {
        period: roi.period,
        baseline: roi.baseline,
        currency: roi.settings.currency,
        figures: {
          incrementalAccepted: toFigureResponse(r.incrementalAccepted),
          incrementalInbox: toFigureResponse(r.incrementalInbox),
          revenueFromDelivery: toFigureResponse(r.revenueFromDelivery),
          avoidedDowntimeCost: toFigureResponse(r.avoidedDowntimeCost),
          avoidedQueueDelayCost: toFigureResponse(r.avoidedQueueDelayCost),
          total: toFigureResponse(r.total),
        },
        cycles: roi.cycles.map(({ incident, cycle }) => ({
          incident: { id: incident.id, title: incident.title, openedAt: incident.openedAt },
          recoveredAt: cycle?.recoveredAt ?? null,
          durationHours: cycle?.durationHours ?? null,
          lostMessages: cycle?.lostMessages ?? null,
          cost: cycle ? toFigureResponse(cycle.cost) : null,
        })),
      };
    }),

    ingestLogs: restHandler(deps, REST_ENDPOINTS.ingestLogs, async ({ req, ctx }) => intakeReply(await receiveLogs(ctx, req))),

    ingestQueue: restHandler(deps, REST_ENDPOINTS.ingestQueue, async ({ req, ctx }) => intakeReply(await receiveQueueSnapshot(ctx, req))),

    ingestReports: restHandler(deps, REST_ENDPOINTS.ingestReports, async ({ req, ctx }) =>
      intakeReply(await receiveReport(ctx, req, "API")),
    ),
    // The body is text, never JSON; no-store so no proxy serves one scrape's figures to the next.
    getMetrics: restHandler(deps, REST_ENDPOINTS.getMetrics, async ({ ctx }) => {
      const { body, contentType } = await renderOrgMetrics(ctx);
      return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
    }),

    ...createAnalyticsImportRoutes(deps),
    ...createScheduledReportRoutes(deps),
  } satisfies Record<keyof typeof REST_ENDPOINTS, unknown>;
}
