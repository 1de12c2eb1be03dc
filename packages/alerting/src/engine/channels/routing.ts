/**
 * Routing: which of a rule's channels get a notification now, which collect it for a digest, which skip
 * it (below the channel's minimum severity). Low-severity noise goes to digests instead of paging people.
 */
import { z } from "zod";

import { SEVERITY_RANK, ZAlertSeverity, type TAlertSeverity } from "../rules/rule-schema.ts";
import type { TNotificationEvent } from "./notification.ts";

export const ZChannelRouting = z.object({
  enabled: z.boolean().default(true),
  /** Notifications below this severity are not sent to the channel at all. */
  minSeverity: ZAlertSeverity.default("info"),
  /** Severities collected into a periodic digest instead of sent one by one. */
  digestSeverities: z.array(ZAlertSeverity).max(3).default([]),
});
export type TChannelRouting = z.infer<typeof ZChannelRouting>;

export interface RoutableChannel extends TChannelRouting {
  id: string;
  /** The channel kind: PagerDuty takes no digests (digest.ts), so its events always go out immediately. */
  kind?: string;
}

export interface Routes {
  immediate: string[];
  digest: string[];
}

/**
 * Routes one notification over the rule's channels (ids not found, or disabled, are skipped). A "Send
 * test" always goes out immediately, so the user sees the channel work.
 */
export function routeNotification(
  ruleChannelIds: readonly string[],
  channels: readonly RoutableChannel[],
  severity: TAlertSeverity,
  event: TNotificationEvent,
): Routes {
  const byId = new Map(channels.map((c) => [c.id, c]));
  const routes: Routes = { immediate: [], digest: [] };
  for (const id of new Set(ruleChannelIds)) {
    const channel = byId.get(id);
    if (!channel?.enabled) continue;
    if (event === "test") {
      routes.immediate.push(id);
      continue;
    }
    if (SEVERITY_RANK[severity] < SEVERITY_RANK[channel.minSeverity]) continue;
    const digests = channel.kind !== "pagerduty" && channel.digestSeverities.includes(severity);
    (digests ? routes.digest : routes.immediate).push(id);
  }
  return routes;
}
