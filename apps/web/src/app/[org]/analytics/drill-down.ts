/**
 * Links from a figure of the analytics pages to the delivery events behind it: the Deliverability page's
 * event log, which reads these query parameters (event-search.tsx) and the same filters the analytics
 * view keeps in its URL.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface EventsDrill {
  from: string;
  to: string;
  provider?: string;
  senderDomain?: string;
  /** A server id, or "" for the events mapped to no server. */
  serverId?: string;
  campaign?: string;
  status?: "sent" | "deferred" | "bounced" | "expired";
  /** A reply code or its first digits ("4", "421"). */
  code?: string;
}

/** The event-log parameter names (also read by the Deliverability page). */
export const EVENT_PARAMS = {
  from: "from",
  to: "to",
  provider: "provider",
  senderDomain: "domain",
  serverId: "server",
  campaign: "campaign",
  status: "status",
  code: "code",
} as const;

/** The value of `server` that selects events mapped to no server (a cuid is never "none"). */
export const NO_SERVER = "none";

/** A path relative to the organization (`org.href(...)` makes it absolute). */
export function eventsPath(d: EventsDrill): string {
  const q = new URLSearchParams();
  q.set(EVENT_PARAMS.from, d.from);
  q.set(EVENT_PARAMS.to, d.to);
  if (d.provider) q.set(EVENT_PARAMS.provider, d.provider);
  if (d.senderDomain) q.set(EVENT_PARAMS.senderDomain, d.senderDomain);
  if (d.serverId !== undefined) q.set(EVENT_PARAMS.serverId, d.serverId === "" ? NO_SERVER : d.serverId);
  if (d.campaign) q.set(EVENT_PARAMS.campaign, d.campaign);
  if (d.status) q.set(EVENT_PARAMS.status, d.status);
  if (d.code) q.set(EVENT_PARAMS.code, d.code);
  return `deliverability?${q.toString()}#event-log`;
}

/** One chart bucket as a range: [at, at + hour or day), clipped to the view's range so a drill never widens it. */
export function bucketRange(at: string, bucket: "hour" | "day", view: { from: string; to: string }): { from: string; to: string } {
  const start = Math.max(Date.parse(at), Date.parse(view.from));
  const end = Math.min(Date.parse(at) + (bucket === "hour" ? HOUR_MS : DAY_MS), Date.parse(view.to));
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/** "Nov 3, 10:00 UTC" for an hour, "Nov 3" for a day. */
export function bucketLabel(at: string, bucket: "hour" | "day"): string {
  const d = new Date(at);
  const day = d.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  return bucket === "hour" ? `${day}, ${d.toISOString().slice(11, 16)} UTC` : day;
}

/**
 * The bucket a chart click landed on: recharts gives the category (activeLabel) or only the index of the
 * active point (activeIndex, a number or its string), depending on the chart and version.
 */
export function clickedBucket(e: { activeLabel?: unknown; activeIndex?: unknown }, ats: readonly string[]): string | null {
  if (typeof e.activeLabel === "string" && ats.includes(e.activeLabel)) return e.activeLabel;
  if (e.activeIndex === null || e.activeIndex === undefined || e.activeIndex === "") return null;
  const i = Number(e.activeIndex);
  return Number.isInteger(i) && i >= 0 && i < ats.length ? (ats[i] ?? null) : null;
}
