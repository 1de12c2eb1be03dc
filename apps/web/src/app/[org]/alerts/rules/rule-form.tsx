"use client";

import { z } from "zod";

import {
  ALERT_EVENTS,
  ALERT_METRICS,
  ALERT_SCOPE_TYPES,
  EVENT_CATALOG,
  METRIC_CATALOG,
  type RuleFormState,
  type TRuleFormKind,
  ruleFormFields,
  withRuleFormKind,
} from "@inboxwatch/alerting/rules";
import { Button, Card, CardBody, CardHeader, FormError, NumberField, SelectField, TextField, useZodForm } from "@inboxwatch/ui";

import { NotifyChannels } from "./notify-channels";
import { ScopePicker } from "./scope-picker";

/**
 * What the browser can tell before sending: a name, a well-formed runbook link. Bounds that depend on the
 * metric (a rate is 0–100) are the server's, and its message shows under the form.
 */
const ZRuleFormClient = z.looseObject({
  name: z.string().trim().min(1, "Give the rule a name."),
  runbookUrl: z.union([z.literal(""), z.url("Enter a full link, https://…")]),
});

const KIND_OPTIONS = [
  { value: "threshold", label: "Threshold over a window" },
  { value: "event", label: "State or drift event" },
  { value: "baseline", label: "Change against the 7-day baseline" },
];
const SEVERITY_OPTIONS = [
  { value: "critical", label: "Critical" },
  { value: "warning", label: "Warning" },
  { value: "info", label: "Info" },
];
const EVENT_OPTIONS = ALERT_EVENTS.map((ev) => ({ value: ev, label: EVENT_CATALOG[ev].label }));
const METRIC_OPTIONS = ALERT_METRICS.map((m) => ({
  value: m,
  label: `${METRIC_CATALOG[m].label}${m === "bounce_rate_by_category" ? " by category" : ""}`,
}));
const COMPARATOR_OPTIONS = [">", ">=", "<", "<="].map((c) => ({ value: c, label: c }));
const SCOPE_OPTIONS = ALERT_SCOPE_TYPES.map((s) => ({ value: s, label: s }));

/** Create or edit one alert rule; only the inputs that change what the rule of this kind does are shown. */
export function RuleForm({
  initial,
  editing,
  channels,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial: RuleFormState;
  editing: boolean;
  channels: { id: string; name: string; kind: string }[] | undefined;
  pending: boolean;
  error: unknown;
  onSubmit: (form: RuleFormState) => void;
  onCancel: () => void;
}) {
  const form = useZodForm(ZRuleFormClient, initial);
  const f = form.values;
  const shown = ruleFormFields(f);
  const field = form.field;
  return (
    <Card className="mb-4">
      <CardHeader title={editing ? "Edit rule" : "New rule"} />
      <CardBody>
        <form className="grid gap-4 md:grid-cols-3" noValidate onSubmit={form.handleSubmit(() => onSubmit(f))}>
          <TextField label="Name" {...field("name")} required />
          <SelectField
            label="Kind"
            {...field("kind")}
            onChange={(kind) => form.setValues((v) => withRuleFormKind(v, kind as TRuleFormKind))}
            options={KIND_OPTIONS}
          />
          <SelectField label="Severity" {...field("severity")} options={SEVERITY_OPTIONS} />
          {shown.event ? (
            <SelectField label="Event" {...field("event")} options={EVENT_OPTIONS} />
          ) : (
            <SelectField label="Metric" {...field("metric")} options={METRIC_OPTIONS} />
          )}
          {shown.category ? <TextField label="Bounce category" {...field("category")} placeholder="reputation" /> : null}
          {shown.comparator ? (
            <>
              <SelectField label="Comparator" {...field("comparator")} options={COMPARATOR_OPTIONS} />
              <NumberField label="Value" {...field("value")} step="any" />
            </>
          ) : null}
          {shown.factor ? <NumberField label="Factor (× median)" {...field("factor")} step="any" min="1.01" /> : null}
          {shown.days ? <NumberField label="Days before expiry" {...field("days")} min="1" max="90" /> : null}
          {shown.window ? <NumberField label="Window (minutes)" {...field("windowMinutes")} id="window" min="1" /> : null}
          <SelectField
            label="Scope"
            {...field("scopeType")}
            id="scopeType"
            onChange={(scopeType) => form.setValues((v) => ({ ...v, scopeType: scopeType as RuleFormState["scopeType"], scopeId: "" }))}
            options={SCOPE_OPTIONS}
          />
          {f.scopeType !== "organization" ? (
            <ScopePicker type={f.scopeType} value={f.scopeId} onChange={(scopeId) => form.setField("scopeId", scopeId)} />
          ) : null}
          {shown.volume ? <NumberField label={shown.volume.label} {...field("minVolume")} hint={shown.volume.hint} min="0" /> : null}
          <NumberField
            label="For (minutes)"
            {...field("forMinutes")}
            min="0"
            hint="Must hold this long to fire, and be clear this long to resolve."
          />
          <TextField
            label="Runbook link"
            {...field("runbookUrl")}
            id="runbook"
            type="url"
            placeholder="https://wiki.example.com/runbooks/bounces"
          />
          <NotifyChannels channels={channels} selected={f.channelIds} onChange={(channelIds) => form.setField("channelIds", channelIds)} />
          <FormError error={error} className="md:col-span-3" />
          <div className="flex gap-2 md:col-span-3">
            <Button type="submit" loading={pending}>
              {editing ? "Save rule" : "Create rule"}
            </Button>
            <Button type="button" variant="secondary" onClick={onCancel}>
              Cancel
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
