"use client";

import { Button, Card, CardBody, CardHeader, CheckboxField, FormError, SelectField, TextField, useZodForm } from "@inboxwatch/ui";

import { KIND_HINT, KIND_LABEL, ZChannelForm, type Kind, type TChannelForm } from "./channel-model";

const KIND_OPTIONS = (Object.keys(KIND_LABEL) as Kind[]).map((k) => ({ value: k, label: KIND_LABEL[k] }));
const SEVERITY_OPTIONS = [
  { value: "info", label: "Info and above" },
  { value: "warning", label: "Warning and above" },
  { value: "critical", label: "Critical only" },
];
const DIGEST_OPTIONS = [
  { value: "none", label: "No digest: send every alert" },
  { value: "info", label: "Info alerts in a digest" },
  { value: "info_warning", label: "Info and warning alerts in a digest" },
];
const INTERVAL_OPTIONS = [
  { value: "hourly", label: "Hour" },
  { value: "daily", label: "Day" },
];

/** Add or edit one alert channel. */
export function ChannelForm({
  initial,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial: TChannelForm;
  pending: boolean;
  error: unknown;
  onSubmit: (form: TChannelForm) => void;
  onCancel: () => void;
}) {
  const form = useZodForm(ZChannelForm, initial);
  const f = form.values;
  const targetLabel = f.kind === "email" ? "Recipients" : f.kind === "pagerduty" ? "Integration key" : "URL";
  return (
    <Card className="mb-4">
      <CardHeader title={f.id ? `Edit ${f.name}` : "New channel"} description={KIND_HINT[f.kind]} />
      <CardBody>
        <form className="grid gap-4 md:grid-cols-2" noValidate onSubmit={form.handleSubmit(onSubmit)}>
          <SelectField label="Kind" {...form.field("kind")} disabled={f.id !== null} options={KIND_OPTIONS} />
          <TextField label="Name" {...form.field("name")} required placeholder="#ops-alerts" />
          <TextField
            label={targetLabel}
            {...form.field("target")}
            required={f.id === null}
            hint={f.id ? "Leave empty to keep the stored value (secrets are never shown)." : undefined}
          />
          <SelectField label="Minimum severity" {...form.field("minSeverity")} options={SEVERITY_OPTIONS} />
          {f.kind !== "pagerduty" ? (
            <>
              <SelectField
                label="Digest"
                {...form.field("digest")}
                hint="Low-severity alerts collected into one message instead of one each."
                options={DIGEST_OPTIONS}
              />
              {f.digest !== "none" ? (
                <SelectField label="Digest every" {...form.field("digestInterval")} options={INTERVAL_OPTIONS} />
              ) : null}
            </>
          ) : null}
          <CheckboxField label="Enabled" {...form.field("enabled")} />
          <FormError error={error} className="md:col-span-2" />
          <div className="flex gap-2 md:col-span-2">
            <Button type="submit" loading={pending}>
              {f.id ? "Save channel" : "Add channel"}
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
