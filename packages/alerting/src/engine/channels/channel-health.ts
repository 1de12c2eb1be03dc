/**
 * When a channel counts as failing: its last deliveries all ended in failure (permanent, or retryable
 * with the attempts exhausted). The worker marks it failing and emails the organization's admins once.
 */
import type { DeliveryAttemptResult } from "./delivery-result.ts";

/** Five failed notifications in a row: one bad minute does not flag a channel, a dead URL does. */
export const CHANNEL_FAILING_AFTER_CONSECUTIVE_FAILURES = 5;

export interface ChannelHealth {
  status: "healthy" | "failing";
  consecutiveFailures: number;
}

/** `finalOutcomes` are the final results of the channel's recent notifications, oldest first. */
export function assessChannelHealth(finalOutcomes: readonly Pick<DeliveryAttemptResult, "outcome">[]): ChannelHealth {
  let consecutiveFailures = 0;
  for (let i = finalOutcomes.length - 1; i >= 0; i--) {
    if (finalOutcomes[i]?.outcome === "delivered") break;
    consecutiveFailures++;
  }
  return { status: consecutiveFailures >= CHANNEL_FAILING_AFTER_CONSECUTIVE_FAILURES ? "failing" : "healthy", consecutiveFailures };
}
