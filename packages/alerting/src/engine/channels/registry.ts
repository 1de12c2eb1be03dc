/** The channel registry: one entry per plug-in file, looked up by the kind stored with the channel. */
import type { ChannelKind, RegisteredChannel } from "./channel.ts";
import { emailChannel } from "./email.ts";
import { pagerDutyChannel } from "./pagerduty.ts";
import { slackChannel } from "./slack.ts";
import { teamsChannel } from "./teams.ts";
import { webhookChannel } from "./webhook.ts";

export const CHANNEL_REGISTRY: Readonly<Record<ChannelKind, RegisteredChannel>> = {
  slack: slackChannel,
  webhook: webhookChannel,
  email: emailChannel,
  teams: teamsChannel,
  pagerduty: pagerDutyChannel,
};

export function getChannel(kind: ChannelKind): RegisteredChannel {
  return CHANNEL_REGISTRY[kind];
}
