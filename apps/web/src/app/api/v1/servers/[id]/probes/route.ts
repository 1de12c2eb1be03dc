import { REST_ENDPOINTS } from "@inboxwatch/api";
import { REST_PROBES_PER_MONITOR, toServerProbesResponse } from "@inboxwatch/api/rest/probes";
import { listProbeResults, listServerMonitors } from "@inboxwatch/services/probes/index";

import { restHandler } from "~/server/rest";

export const GET = restHandler<{ id: string }>(REST_ENDPOINTS.getServerProbes, async ({ ctx, params }) => {
  const data = await listServerMonitors(ctx, { serverId: params.id });
  const recent = await Promise.all(
    data.monitors.map(
      async (m) => [m.id, (await listProbeResults(ctx, { monitorId: m.id, limit: REST_PROBES_PER_MONITOR })).items] as const,
    ),
  );
  return toServerProbesResponse(data, new Map(recent));
});
