/**
 * How the scheduled-report pages write times, periods and states. Times are shown in the organization's
 * time zone, the zone reports are scheduled and cut in, not the browser's: "next send Monday 08:00" must
 * mean the same to everyone in the organization.
 */
import { type Tone } from "@inboxwatch/ui";

/** "Mon 14 Dec 2026, 08:00" in `timeZone`. */
export function formatInZone(at: Date | string | null | undefined, timeZone: string): string {
  if (!at) return "—";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(at));
}

/** "14 Dec 2026" in `timeZone`. */
export function formatDayInZone(at: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short", year: "numeric" }).format(new Date(at));
}

/** "30 Nov – 6 Dec 2026" for a period whose end is exclusive (a local midnight). */
export function formatPeriod(from: Date | string, to: Date | string, timeZone: string): string {
  const last = new Date(new Date(to).getTime() - 1);
  const a = formatDayInZone(from, timeZone);
  const b = formatDayInZone(last, timeZone);
  if (a === b) return a;
  const [, , yearA] = a.split(" ");
  const [, , yearB] = b.split(" ");
  return yearA === yearB ? `${a.replace(` ${yearA ?? ""}`, "")} – ${b}` : `${a} – ${b}`;
}

export type EditionStatus = "building" | "ready" | "failed";

export const EDITION_STATUS: Record<EditionStatus, { tone: Tone; label: string }> = {
  building: { tone: "blue", label: "Building" },
  ready: { tone: "green", label: "Ready" },
  failed: { tone: "red", label: "Failed" },
};

export function editionStatus(status: string): { tone: Tone; label: string } {
  return EDITION_STATUS[status as EditionStatus] ?? { tone: "slate", label: status };
}

export const DELIVERY_STATUS: Record<string, { tone: Tone; label: string }> = {
  pending: { tone: "slate", label: "Queued" },
  sending: { tone: "blue", label: "Sending" },
  sent: { tone: "green", label: "Sent" },
  bounced: { tone: "red", label: "Bounced" },
  failed: { tone: "red", label: "Failed" },
};

export const CHANNEL_LABEL: Record<string, string> = { email: "Email", slack: "Slack", teams: "Teams", webhook: "Webhook" };

export const AUDIENCE_LABEL: Record<string, string> = { leadership: "Leadership", ops: "Operations", marketing: "Marketing" };

/** How often a page looks again while a report is being built (the worker takes a few seconds). */
export const BUILDING_POLL_MS = 2_000;

/** "3 people, 2 addresses, 1 channel". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
