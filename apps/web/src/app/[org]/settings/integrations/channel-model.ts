import { z } from "zod";

export type Kind = "slack" | "webhook" | "email" | "teams" | "pagerduty";
export const KIND_LABEL: Record<Kind, string> = {
  slack: "Slack",
  webhook: "Signed webhook",
  email: "Email",
  teams: "Microsoft Teams",
  pagerduty: "PagerDuty",
};
export const KIND_HINT: Record<Kind, string> = {
  slack: "An incoming-webhook URL (https://hooks.slack.com/services/…). Messages use Block Kit.",
  webhook: "Your endpoint receives JSON signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).",
  email: "Comma-separated addresses; HTML and text.",
  teams: "A Teams workflow or incoming-webhook URL; messages are Adaptive Cards.",
  pagerduty: "The 32-character integration key of an Events API v2 integration; incidents trigger and resolve with a dedup key.",
};

/** The form as typed; the server checks the target itself (URL rules, egress), this only catches the obvious. */
export const ZChannelForm = z
  .object({
    id: z.string().nullable(),
    kind: z.enum(["slack", "webhook", "email", "teams", "pagerduty"]),
    name: z.string().trim().min(1, "Give the channel a name."),
    target: z.string(),
    minSeverity: z.enum(["critical", "warning", "info"]),
    /** Severities collected into a digest instead of sent one by one (PagerDuty takes none). */
    digest: z.enum(["none", "info", "info_warning"]),
    digestInterval: z.enum(["hourly", "daily"]),
    enabled: z.boolean(),
  })
  .refine((f) => f.id !== null || f.target.trim() !== "", { path: ["target"], message: "Required for a new channel." });
export type TChannelForm = z.infer<typeof ZChannelForm>;

export const NEW_CHANNEL: TChannelForm = {
  id: null,
  kind: "slack",
  name: "",
  target: "",
  minSeverity: "info",
  digest: "none",
  digestInterval: "hourly",
  enabled: true,
};

const DIGEST_SEVERITIES = { none: [], info: ["info"], info_warning: ["info", "warning"] } as const;

export function digestOf(severities: readonly string[]): TChannelForm["digest"] {
  if (severities.includes("warning")) return "info_warning";
  return severities.includes("info") ? "info" : "none";
}

function configFor(f: TChannelForm): Record<string, unknown> {
  switch (f.kind) {
    case "email":
      return {
        to: f.target
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      };
    case "pagerduty":
      return { routingKey: f.target.trim() };
    default:
      return { url: f.target.trim() };
  }
}

/** What create/update take: routing always, the config only when a target was typed (an edit may keep the stored one). */
export function channelInput(f: TChannelForm) {
  const routing = {
    name: f.name,
    minSeverity: f.minSeverity,
    enabled: f.enabled,
    digestSeverities: f.kind === "pagerduty" ? [] : [...DIGEST_SEVERITIES[f.digest]],
    digestInterval: f.digestInterval,
  };
  return { routing, config: f.target ? configFor(f) : null };
}

/** The target column: the URL (or its hint when secret), the routing key hint or the recipients. */
export function channelTarget(config: unknown): string {
  const c = (config ?? {}) as { url?: string; urlHint?: string; routingKeyHint?: string; to?: string[] };
  return c.url ?? c.urlHint ?? c.routingKeyHint ?? c.to?.join(", ") ?? "";
}
