/**
 * A channel's user-supplied URL (webhook, Slack, Teams) is checked when it is saved, with the same egress
 * guard and resolver that delivery uses: a URL that can only reach the private network, loopback or the
 * cloud metadata service (169.254.169.254) is refused with the reason, instead of being stored and shown
 * as a working channel. Delivery checks again at connect time (DNS answers change; platform-transport.ts).
 * A name that does not resolve right now is not refused: the delivery-time check decides then.
 */
import {
  describeRefusal,
  type EgressPolicy,
  type LookupAll,
  parseIpLiteral,
  policyFromEnv,
  resolveAllowedAddresses,
} from "@inboxwatch/deliverability/net";
import { platformDns, ValidationError } from "@inboxwatch/services";

import { type ChannelKind } from "../engine/index.ts";

/** Kinds whose configuration holds a URL the user typed; PagerDuty posts to its fixed Events API URL. */
const URL_KINDS: ReadonlySet<ChannelKind> = new Set(["webhook", "slack", "teams"]);

export interface ChannelTargetDeps {
  /** Default: `policyFromEnv()` (EGRESS_ALLOW). */
  policy?: EgressPolicy;
  /** Default: the platform resolver (DNS_SERVERS). */
  lookupAll?: LookupAll;
}

/** Throws a ValidationError naming the refused address and why, e.g. "refused: 169.254.169.254 is a link-local address". */
export async function assertChannelTargetAllowed(
  kind: ChannelKind,
  config: Record<string, unknown>,
  deps: ChannelTargetDeps = {},
): Promise<void> {
  if (!URL_KINDS.has(kind) || typeof config.url !== "string") return;
  let host: string;
  try {
    host = new URL(config.url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    throw new ValidationError("The channel URL is not a valid URL");
  }
  const outcome = await resolveAllowedAddresses(host, deps.policy ?? policyFromEnv(), deps.lookupAll ?? platformDns().lookupAll);
  if (outcome.ok || outcome.kind !== "blocked_by_policy") return;
  const reasons = outcome.verdicts.flatMap((v) => (v.allowed ? [] : [describeRefusal(v)]));
  const via = parseIpLiteral(host) ? "" : `${host} resolves only to forbidden addresses — `;
  throw new ValidationError(
    `Notifications cannot be sent to this URL: ${via}${reasons.join("; ")}. Channels may only post to public internet addresses.`,
  );
}
