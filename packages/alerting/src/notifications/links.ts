import { randomBytes } from "node:crypto";

import { servicesEnv } from "@inboxwatch/services";

/** Random bytes of a notification id: 128 bits, unguessable and collision-free. */
const NOTIFICATION_ID_BYTES = 16;

/** A notification's id: the Standard Webhooks `webhook-id`, the Message-ID, stable across retries. */
export function newNotificationId(): string {
  return `msg_${randomBytes(NOTIFICATION_ID_BYTES).toString("base64url")}`;
}

/** Link to the incident page (or the incidents list for a test notification). */
export function incidentUrl(orgSlug: string, incidentId: string | null): string {
  const base = servicesEnv().APP_URL.replace(/\/+$/, "");
  return `${base}/${orgSlug}/alerts${incidentId ? `/${incidentId}` : ""}`;
}
