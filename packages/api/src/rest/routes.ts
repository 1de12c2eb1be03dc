/**
 * Every /api/v1 route, one handler per REST_ENDPOINTS entry: the web app's route files re-export these
 * (apps/web/src/app/api/v1/…/route.ts). Each handler only parses the request, calls a verb with the
 * OrgContext the access ladder built, and shapes the reply; authentication, scope, rate limit and errors
 * are restHandler's. The intake handlers pass the body stream to their verb, which enforces the size
 * limits while it reads.
 */
import { acknowledgeIncident, getIncident, listIncidents, resolveIncident } from "@inboxwatch/alerting";
import { getOrganization, getOverview, ValidationError } from "@inboxwatch/services";
import { getDomainHealth, getIpHealth } from "@inboxwatch/services/dns-check/index";
import { receiveLogs, receiveQueueSnapshot } from "@inboxwatch/services/ingest/index";
import { getDomainMx, listProbeResults, listServerMonitors } from "@inboxwatch/services/probes/index";
import { receiveReport } from "@inboxwatch/services/reports/index";

import { toDomainChecksResponse, toIpBlocklistsResponse } from "./dns-check.ts";
import { toDomainMxResponse } from "./domain-mx.ts";
import { restHandler } from "./handler.ts";
import { type HttpDeps } from "./http-deps.ts";
import { parseIncidentQuery, toIncidentResponse, toIncidentSummary } from "./incidents.ts";
import { REST_ENDPOINTS } from "./openapi.ts";
import { REST_PROBES_PER_MONITOR, toServerProbesResponse } from "./probes.ts";

type ById = { id: string };

/** An intake verb's reply (its own status: 202 stored, 200 duplicate, or its body-limit errors). */
const intakeReply = (reply: { status: number; body: unknown; headers?: Record<string, string> }) =>
  Response.json(reply.body, { status: reply.status, headers: reply.headers });

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

    ingestLogs: restHandler(deps, REST_ENDPOINTS.ingestLogs, async ({ req, ctx }) => intakeReply(await receiveLogs(ctx, req))),

    ingestQueue: restHandler(deps, REST_ENDPOINTS.ingestQueue, async ({ req, ctx }) => intakeReply(await receiveQueueSnapshot(ctx, req))),

    /** The body (the report file or email, as is) is read inside receiveReport, its size checked while it streams. */
    ingestReports: restHandler(deps, REST_ENDPOINTS.ingestReports, async ({ req, ctx }) =>
      intakeReply(await receiveReport(ctx, req, "API")),
    ),
  } satisfies Record<keyof typeof REST_ENDPOINTS, unknown>;
}
