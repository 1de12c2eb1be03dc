import { REST_ENDPOINTS } from "@inboxwatch/api";
import { getOrganization, getOverview } from "@inboxwatch/services";

import { restHandler } from "~/server/rest";

export const GET = restHandler(REST_ENDPOINTS.getOrganization, async ({ ctx }) => {
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
});
