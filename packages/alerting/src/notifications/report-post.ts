/**
 * Posts a deliverability report's summary to one of the organization's Slack, Teams or webhook channels
 * (issue 14 point 5), through the same pinned, egress-guarded transport and the same channel configuration
 * (secrets opened here, never logged) as alert notifications. Webhooks are signed per Standard Webhooks with
 * the channel's secrets; the delivery id is the webhook-id on every attempt, so receivers can deduplicate.
 */
import { type SystemContext } from "@inboxwatch/services";

import {
  type ChannelDeps,
  type DeliveryAttemptResult,
  permanent,
  postJson,
  signStandardWebhook,
  ZSlackConfig,
  ZTeamsConfig,
  ZWebhookConfig,
} from "../engine/index.ts";
import { openChannelConfig } from "./channel-config.ts";

export interface ReportChannelPayloads {
  slack: Record<string, unknown>;
  teams: Record<string, unknown>;
  /** The `data` of the webhook envelope `{ type: "report.sent", timestamp, data }`. */
  webhook: Record<string, unknown>;
}

export async function postReportToChannel(
  ctx: SystemContext,
  input: { orgId: string; channelId: string; deliveryId: string; payloads: ReportChannelPayloads },
  deps: ChannelDeps,
): Promise<DeliveryAttemptResult> {
  const channel = await ctx.db.alertChannel.findFirst({ where: { id: input.channelId, orgId: input.orgId } });
  if (!channel) return permanent("invalid_config", "the channel was deleted");
  if (!channel.enabled) return permanent("invalid_config", "the channel is disabled");
  const config = openChannelConfig(channel);
  if (channel.kind === "slack" || channel.kind === "teams") {
    const parsed = (channel.kind === "slack" ? ZSlackConfig : ZTeamsConfig).safeParse(config);
    if (!parsed.success) return permanent("invalid_config", "the channel has no valid URL");
    const body = channel.kind === "slack" ? input.payloads.slack : input.payloads.teams;
    return postJson({ url: parsed.data.url, headers: {}, body: JSON.stringify(body) }, deps);
  }
  if (channel.kind === "webhook") {
    const parsed = ZWebhookConfig.safeParse(config);
    if (!parsed.success) return permanent("invalid_config", "the webhook has no valid URL or secret");
    const now = deps.now();
    const body = JSON.stringify({ type: "report.sent", timestamp: new Date(now).toISOString(), data: input.payloads.webhook });
    const timestamp = Math.floor(now / 1000);
    return postJson(
      {
        url: parsed.data.url,
        headers: {
          "webhook-id": input.deliveryId,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signStandardWebhook(parsed.data.secrets, input.deliveryId, timestamp, body),
        },
        body,
      },
      deps,
    );
  }
  return permanent("invalid_config", `a ${channel.kind} channel cannot carry a report`);
}
