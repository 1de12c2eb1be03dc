/**
 * GET /metrics: the web process's operator metrics for Prometheus, behind `Authorization: Bearer
 * $METRICS_TOKEN` (404 while the token is unset). "metrics" is a reserved organization slug, so no
 * organization's pages can sit at this path.
 */
import { getDb } from "@inboxwatch/db";
import { bindMetricsDatabase, metricsEndpoint } from "@inboxwatch/services/metrics";

import { env } from "~/env";

// Read per request: every scrape sees the current queues, never a build-time snapshot.
export const dynamic = "force-dynamic";

bindMetricsDatabase(getDb);

export const GET = metricsEndpoint({ token: () => env().METRICS_TOKEN });
