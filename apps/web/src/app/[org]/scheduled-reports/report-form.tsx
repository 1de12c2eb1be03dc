"use client";

import Link from "next/link";
import { type ReactNode } from "react";

import { describeSchedule } from "@inboxwatch/reporting/schedule";
import {
  Button,
  Card,
  CardBody,
  Checkbox,
  cn,
  FormError,
  Segmented,
  SelectField,
  TextareaField,
  TextField,
  useZodForm,
} from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";

import {
  AUDIENCE_OPTIONS,
  HOUR_OPTIONS,
  MONTH_DAY_OPTIONS,
  REPORT_ROLES,
  type ReportDefinitionInput,
  type ReportFormValues,
  serverFieldErrors,
  WEEKDAY_OPTIONS,
  ZReportForm,
} from "./form-model";
import { plural } from "./format";

/** Chat and webhook channels carry a report (email recipients are people and addresses, not channels). */
const REPORT_CHANNEL_KINDS = new Set(["slack", "teams", "webhook"]);

export interface ReportFormOptions {
  timeZone: string;
  domains: { id: string; domain: string }[] | undefined;
  servers: { id: string; hostname: string }[] | undefined;
  channels: { id: string; name: string; kind: string }[] | undefined;
  /** Members per role, when the list could be read. */
  roleCounts: Partial<Record<string, number>> | undefined;
}

/** One part of the form: a title and a line saying what it decides, beside its controls on wide screens. */
function Section({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  return (
    <section className="grid gap-4 border-t border-slate-100 px-5 py-5 first:border-t-0 md:grid-cols-[14rem_1fr]" aria-label={title}>
      <div>
        <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
        <p className="mt-1 text-xs text-slate-500">{description}</p>
      </div>
      <div className="min-w-0 space-y-4">{children}</div>
    </section>
  );
}

function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);
}

const ROLE_LABEL: Record<string, string> = { OWNER: "Owners", ADMIN: "Admins", OPS: "Ops", MARKETING: "Marketing", VIEWER: "Viewers" };

/** Create or edit a report definition: schedule, audience, scope, recipients and channels, on one screen. */
export function ReportForm({
  initial,
  options,
  pending,
  error,
  submitLabel,
  readOnly,
  onSubmit,
  onCancel,
}: {
  initial: ReportFormValues;
  options: ReportFormOptions;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  readOnly?: boolean;
  onSubmit: (input: ReportDefinitionInput) => void;
  onCancel?: () => void;
}) {
  const org = useOrg();
  const form = useZodForm(ZReportForm, initial);
  const v = form.values;
  const server = serverFieldErrors(error);
  const errorOf = (name: keyof ReportFormValues) => form.errors[name] ?? server[name];
  const field = <K extends keyof ReportFormValues>(name: K) => ({ ...form.field(name), error: errorOf(name) });
  const schedule = describeSchedule(
    {
      cadence: v.cadence,
      weekday: Number(v.weekday) || 1,
      monthDay: Number(v.monthDay) || 1,
      sendHour: Number(v.sendHour) || 0,
    },
    options.timeZone,
  );
  const reportChannels = options.channels?.filter((c) => REPORT_CHANNEL_KINDS.has(c.kind));
  const emailCount = v.recipientEmails.split(/[\n,;]+/).filter((l) => l.trim()).length;

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} aria-label="Report definition" noValidate>
      <Card>
        <fieldset disabled={pending || readOnly} className="min-w-0">
          <Section title="Report" description="The name recipients see in the subject line and the archive.">
            <TextField label="Name" maxLength={120} {...field("name")} />
          </Section>

          <Section
            title="Schedule"
            description={
              <>
                In the organization&apos;s time zone, {options.timeZone} (
                <Link href={org.href("settings")} className="font-medium text-brand-700 underline underline-offset-2">
                  change
                </Link>
                ). A weekly report covers the 7 days before the send day; a monthly one the previous month.
              </>
            }
          >
            <Segmented
              labelStyle="field"
              label="Cadence"
              value={v.cadence}
              onChange={(c) => form.setField("cadence", c)}
              options={[
                { id: "weekly", label: "Weekly" },
                { id: "monthly", label: "Monthly" },
              ]}
            />
            <div className="grid gap-4 sm:grid-cols-2 lg:max-w-md">
              {v.cadence === "weekly" ? (
                <SelectField label="Day" options={WEEKDAY_OPTIONS} {...field("weekday")} />
              ) : (
                <SelectField
                  label="Day of the month"
                  options={MONTH_DAY_OPTIONS}
                  hint="1 … 28: every month has it"
                  {...field("monthDay")}
                />
              )}
              <SelectField label="Time" options={HOUR_OPTIONS} {...field("sendHour")} />
            </div>
            <p className="text-sm text-slate-600" data-testid="schedule-sentence">
              {schedule}
            </p>
          </Section>

          <Section title="Audience" description="Which version of the report: the figures are the same, the depth differs.">
            <div role="radiogroup" aria-label="Audience" className="grid gap-3 lg:grid-cols-3">
              {AUDIENCE_OPTIONS.map((a) => {
                const checked = v.audience === a.id;
                return (
                  <label
                    key={a.id}
                    className={cn(
                      "flex cursor-pointer gap-3 rounded-lg p-3.5 ring-1 ring-inset transition-colors",
                      checked ? "bg-brand-50 ring-2 ring-brand-600" : "bg-white ring-slate-200 hover:bg-slate-50",
                    )}
                  >
                    <input
                      type="radio"
                      name="audience"
                      value={a.id}
                      checked={checked}
                      onChange={() => form.setField("audience", a.id)}
                      className="mt-0.5 size-4 border-slate-300 text-brand-600 focus:ring-brand-600"
                    />
                    <span>
                      <span className="block text-sm font-medium text-slate-900">{a.label}</span>
                      <span className={cn("mt-0.5 block text-xs", checked ? "text-slate-700" : "text-slate-500")}>{a.description}</span>
                    </span>
                  </label>
                );
              })}
            </div>
          </Section>

          <Section title="Scope" description="Everything the organization sends, or only some domains, servers and campaigns.">
            <Segmented
              labelStyle="field"
              label="Report on"
              value={v.scopeAll ? "all" : "some"}
              onChange={(s) => form.setField("scopeAll", s === "all")}
              options={[
                { id: "all", label: "Everything" },
                { id: "some", label: "Chosen domains, servers, campaigns" },
              ]}
            />
            {errorOf("scopeAll") ? (
              <p className="text-xs text-red-600" role="alert">
                {errorOf("scopeAll")}
              </p>
            ) : null}
            {!v.scopeAll ? (
              <div className="grid gap-5 lg:grid-cols-2">
                <fieldset className="min-w-0">
                  <legend className="text-sm font-medium text-slate-700">Sending domains</legend>
                  <div className="mt-2 max-h-48 space-y-2 overflow-y-auto">
                    {options.domains?.length ? (
                      options.domains.map((d) => (
                        <Checkbox
                          key={d.id}
                          label={d.domain}
                          checked={v.scopeDomains.includes(d.domain)}
                          onChange={(e) => form.setField("scopeDomains", toggle(v.scopeDomains, d.domain, e.target.checked))}
                        />
                      ))
                    ) : (
                      <p className="text-xs text-slate-500">{options.domains ? "No sending domain yet." : "Loading…"}</p>
                    )}
                  </div>
                </fieldset>
                <fieldset className="min-w-0">
                  <legend className="text-sm font-medium text-slate-700">Mail servers</legend>
                  <div className="mt-2 max-h-48 space-y-2 overflow-y-auto">
                    {options.servers?.length ? (
                      options.servers.map((s) => (
                        <Checkbox
                          key={s.id}
                          label={s.hostname}
                          checked={v.scopeServerIds.includes(s.id)}
                          onChange={(e) => form.setField("scopeServerIds", toggle(v.scopeServerIds, s.id, e.target.checked))}
                        />
                      ))
                    ) : (
                      <p className="text-xs text-slate-500">{options.servers ? "No mail server yet." : "Loading…"}</p>
                    )}
                  </div>
                </fieldset>
                <TextField
                  className="lg:col-span-2"
                  label="Campaigns"
                  placeholder="spring-newsletter, black-friday"
                  hint="Campaign names as your ESP tags them, comma separated"
                  {...field("scopeCampaigns")}
                />
              </div>
            ) : null}
          </Section>

          <Section
            title="Recipients"
            description="Members by role get the report by email; external addresses get it with a read-only link."
          >
            <fieldset className="min-w-0">
              <legend className="text-sm font-medium text-slate-700">Members with the role</legend>
              <div className="mt-2 grid gap-2 sm:grid-cols-3 lg:grid-cols-5">
                {REPORT_ROLES.map((r) => {
                  const count = options.roleCounts ? (options.roleCounts[r] ?? 0) : undefined;
                  return (
                    <Checkbox
                      key={r}
                      name={`role-${r}`}
                      label={ROLE_LABEL[r] ?? r}
                      description={count === undefined ? undefined : count === 0 ? "no member" : plural(count, "member")}
                      checked={v.recipientRoles.includes(r)}
                      onChange={(e) => form.setField("recipientRoles", toggle(v.recipientRoles, r, e.target.checked))}
                    />
                  );
                })}
              </div>
            </fieldset>
            <TextareaField
              label="External addresses"
              rows={3}
              placeholder={"ceo@example.com\nagency@example.net"}
              hint={emailCount ? `${plural(emailCount, "address", "addresses")}; one per line` : "One per line; they need no account"}
              {...field("recipientEmails")}
            />
          </Section>

          <Section title="Channels" description="A summary with the headline figures and a link to the report.">
            {reportChannels === undefined ? (
              <p className="text-sm text-slate-500">Loading channels…</p>
            ) : reportChannels.length ? (
              <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
                {reportChannels.map((c) => (
                  <Checkbox
                    key={c.id}
                    label={c.name}
                    description={c.kind === "webhook" ? "Webhook (with the PDF link)" : c.kind === "teams" ? "Microsoft Teams" : "Slack"}
                    checked={v.channelIds.includes(c.id)}
                    onChange={(e) => form.setField("channelIds", toggle(v.channelIds, c.id, e.target.checked))}
                  />
                ))}
              </div>
            ) : (
              <p className="text-sm text-slate-500">
                No Slack, Teams or webhook channel yet.{" "}
                <Link href={org.href("settings/integrations")} className="font-medium text-brand-700 underline underline-offset-2">
                  Add one under Integrations
                </Link>
                .
              </p>
            )}
          </Section>

          <Section title="Options" description="What goes with the email, and whether the schedule runs.">
            <div className="grid gap-3 sm:grid-cols-2">
              <Checkbox
                name="attachPdf"
                label="Attach the PDF"
                description="The email carries the report as a PDF besides the HTML body"
                checked={v.attachPdf}
                onChange={(e) => form.setField("attachPdf", e.target.checked)}
              />
              <Checkbox
                name="enabled"
                label="Enabled"
                description="Sent on schedule; a disabled report is only sent with “Send now”"
                checked={v.enabled}
                onChange={(e) => form.setField("enabled", e.target.checked)}
              />
            </div>
          </Section>
        </fieldset>
        {readOnly ? null : (
          <CardBody className="flex flex-wrap items-center gap-3 border-t border-slate-100 bg-slate-50/60">
            <FormError error={Object.keys(server).length ? null : error} className="w-full" />
            {Object.keys(server).length ? (
              <p className="w-full text-sm text-red-600" role="alert">
                Please correct the fields marked above.
              </p>
            ) : null}
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
            {onCancel ? (
              <Button type="button" variant="ghost" onClick={onCancel}>
                Cancel
              </Button>
            ) : null}
          </CardBody>
        )}
      </Card>
    </form>
  );
}
