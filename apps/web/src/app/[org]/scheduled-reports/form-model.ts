/**
 * The report definition form (issue 14: "defines a weekly report in under a minute"): what the person types
 * (text for numbers, one address per line, campaigns comma separated), the schema that checks it as they
 * type with the server's own messages, and the conversions to and from the tRPC input and stored row.
 */
import { z } from "zod";

export const REPORT_ROLES = ["OWNER", "ADMIN", "OPS", "MARKETING", "VIEWER"] as const;
export type ReportRole = (typeof REPORT_ROLES)[number];

export const AUDIENCE_OPTIONS = [
  { id: "leadership", label: "Leadership", description: "One page of headline figures and narrative" },
  { id: "ops", label: "Operations", description: "The technical appendix: ports, drift, DMARC sources, incidents" },
  { id: "marketing", label: "Marketing", description: "Campaigns, cohorts and experiments" },
] as const;
export type Audience = (typeof AUDIENCE_OPTIONS)[number]["id"];

export const WEEKDAY_OPTIONS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].map((label, i) => ({
  value: String(i + 1),
  label,
}));
export const MONTH_DAY_OPTIONS = Array.from({ length: 28 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
export const HOUR_OPTIONS = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${String(h).padStart(2, "0")}:00` }));

/** The server's bounds (packages/services/src/scheduled-reports/schema.ts), repeated so the form says so before sending. */
const MAX_RECIPIENT_EMAILS = 50;
const MAX_SCOPE_ITEMS = 50;

export interface ReportFormValues {
  name: string;
  cadence: "weekly" | "monthly";
  weekday: string;
  monthDay: string;
  sendHour: string;
  audience: Audience;
  /** false: only the chosen domains, servers and campaigns. */
  scopeAll: boolean;
  scopeDomains: string[];
  scopeServerIds: string[];
  /** Comma separated, as typed. */
  scopeCampaigns: string;
  recipientRoles: ReportRole[];
  /** One address per line, as typed. */
  recipientEmails: string;
  channelIds: string[];
  attachPdf: boolean;
  enabled: boolean;
}

/** A new report: weekly on Monday at 8:00 for leadership, sent to the owners and admins. */
export function emptyReportForm(): ReportFormValues {
  return {
    name: "Weekly deliverability report",
    cadence: "weekly",
    weekday: "1",
    monthDay: "1",
    sendHour: "8",
    audience: "leadership",
    scopeAll: true,
    scopeDomains: [],
    scopeServerIds: [],
    scopeCampaigns: "",
    recipientRoles: ["OWNER", "ADMIN"],
    recipientEmails: "",
    channelIds: [],
    attachPdf: true,
    enabled: true,
  };
}

/** The lines of the addresses box, trimmed, blank lines dropped (commas and semicolons also separate). */
export function emailLines(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
}

export function campaignList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  ];
}

const ZEmail = z.email();

/** The create input the form produces (the update sends the same fields with the id). */
export interface ReportDefinitionInput {
  name: string;
  cadence: "weekly" | "monthly";
  weekday: number | null;
  monthDay: number | null;
  sendHour: number;
  audience: Audience;
  scopeDomains: string[];
  scopeServerIds: string[];
  scopeCampaigns: string[];
  recipientRoles: ReportRole[];
  recipientEmails: string[];
  channelIds: string[];
  attachPdf: boolean;
  enabled: boolean;
}

const intIn = (min: number, max: number, message: string) =>
  z
    .string()
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);

/** The form checked as the person types; errors are keyed by the form's own field names. */
export const ZReportForm = z
  .object({
    name: z.string().trim().min(1, "Give the report a name").max(120, "At most 120 characters"),
    cadence: z.enum(["weekly", "monthly"]),
    weekday: intIn(1, 7, "Choose a weekday"),
    monthDay: intIn(1, 28, "Day of month is 1 … 28 (every month has it)"),
    sendHour: intIn(0, 23, "Choose an hour"),
    audience: z.enum(["leadership", "ops", "marketing"]),
    scopeAll: z.boolean(),
    scopeDomains: z.array(z.string()),
    scopeServerIds: z.array(z.string()),
    scopeCampaigns: z.string().transform(campaignList),
    recipientRoles: z.array(z.enum(REPORT_ROLES)),
    recipientEmails: z.string().transform((text, ctx) => {
      const lines = emailLines(text);
      const bad = lines.filter((l) => !ZEmail.safeParse(l).success);
      if (bad.length)
        ctx.addIssue({ code: "custom", message: `Not an email address: ${bad.slice(0, 3).join(", ")}${bad.length > 3 ? "…" : ""}` });
      if (lines.length > MAX_RECIPIENT_EMAILS)
        ctx.addIssue({ code: "custom", message: `At most ${MAX_RECIPIENT_EMAILS} addresses: use a list address for more` });
      return [...new Set(lines)];
    }),
    channelIds: z.array(z.string()),
    attachPdf: z.boolean(),
    enabled: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (!v.scopeAll && !v.scopeDomains.length && !v.scopeServerIds.length && !v.scopeCampaigns.length)
      ctx.addIssue({
        code: "custom",
        path: ["scopeAll"],
        message: "Choose at least one domain, server or campaign, or report on everything",
      });
    if (v.scopeCampaigns.length > MAX_SCOPE_ITEMS)
      ctx.addIssue({ code: "custom", path: ["scopeCampaigns"], message: `At most ${MAX_SCOPE_ITEMS} campaigns` });
    if (!v.recipientRoles.length && !v.recipientEmails.length && !v.channelIds.length)
      ctx.addIssue({
        code: "custom",
        path: ["recipientEmails"],
        message: "Choose at least one recipient: a role, an address or a channel",
      });
  })
  .transform((v): ReportDefinitionInput => ({
    name: v.name,
    cadence: v.cadence,
    weekday: v.cadence === "weekly" ? v.weekday : null,
    monthDay: v.cadence === "monthly" ? v.monthDay : null,
    sendHour: v.sendHour,
    audience: v.audience,
    scopeDomains: v.scopeAll ? [] : v.scopeDomains,
    scopeServerIds: v.scopeAll ? [] : v.scopeServerIds,
    scopeCampaigns: v.scopeAll ? [] : v.scopeCampaigns,
    recipientRoles: v.recipientRoles,
    recipientEmails: v.recipientEmails,
    channelIds: v.channelIds,
    attachPdf: v.attachPdf,
    enabled: v.enabled,
  }));

/** A stored definition (definitions.get) back into the form. */
export function reportFormOf(d: {
  name: string;
  cadence: string;
  weekday: number | null;
  monthDay: number | null;
  sendHour: number;
  audience: string;
  scopeDomains: string[];
  scopeServerIds: string[];
  scopeCampaigns: string[];
  recipientRoles: string[];
  recipientEmails: string[];
  channelIds: string[];
  attachPdf: boolean;
  enabled: boolean;
}): ReportFormValues {
  const audience = AUDIENCE_OPTIONS.find((a) => a.id === d.audience)?.id ?? "leadership";
  return {
    name: d.name,
    cadence: d.cadence === "monthly" ? "monthly" : "weekly",
    weekday: String(d.weekday ?? 1),
    monthDay: String(d.monthDay ?? 1),
    sendHour: String(d.sendHour),
    audience,
    scopeAll: !d.scopeDomains.length && !d.scopeServerIds.length && !d.scopeCampaigns.length,
    scopeDomains: d.scopeDomains,
    scopeServerIds: d.scopeServerIds,
    scopeCampaigns: d.scopeCampaigns.join(", "),
    recipientRoles: REPORT_ROLES.filter((r) => d.recipientRoles.includes(r)),
    recipientEmails: d.recipientEmails.join("\n"),
    channelIds: d.channelIds,
    attachPdf: d.attachPdf,
    enabled: d.enabled,
  };
}

/**
 * The server's per-field messages of a rejected save (tRPC puts zod's flattened error on `data.zodError`),
 * by the form's field names: the input's fields and the form's are the same names.
 */
export function serverFieldErrors(error: unknown): Partial<Record<keyof ReportFormValues, string>> {
  const data: unknown = error && typeof error === "object" && "data" in error ? error.data : null;
  const zod: unknown = data && typeof data === "object" && "zodError" in data ? data.zodError : null;
  const fields: unknown = zod && typeof zod === "object" && "fieldErrors" in zod ? zod.fieldErrors : null;
  const out: Partial<Record<keyof ReportFormValues, string>> = {};
  if (!fields || typeof fields !== "object") return out;
  const known = new Set<string>(Object.keys(emptyReportForm()));
  for (const [key, list] of Object.entries(fields)) {
    if (known.has(key) && Array.isArray(list) && typeof list[0] === "string") out[key as keyof ReportFormValues] = list[0];
  }
  return out;
}
