"use client";

import {
  Button,
  Card,
  CardBody,
  CardHeader,
  FormError,
  Input,
  NumberField,
  SelectField,
  TextareaField,
  TextField,
  useZodForm,
} from "@inboxwatch/ui";

import {
  ASSIGN_BY_OPTIONS,
  CHANGE_KIND_OPTIONS,
  CONFIDENCE_OPTIONS,
  type CreateExperimentInput,
  DESIGN_EXPLANATIONS,
  type ExperimentFormValues,
  METRIC_OPTIONS,
  type VariantDraft,
  ZExperimentForm,
} from "./form-schema";

const MAX_VARIANTS = 6;

/** Create or edit an experiment: what changes, how mail finds its variant, the metric and the test. */
export function ExperimentForm({
  initial,
  editing,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial: ExperimentFormValues;
  editing: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (input: CreateExperimentInput) => void;
  onCancel: () => void;
}) {
  const form = useZodForm(ZExperimentForm, initial);
  const v = form.values;
  const setVariant = (i: number, patch: Partial<VariantDraft>) =>
    form.setField(
      "variants",
      v.variants.map((x, j) => (j === i ? { ...x, ...patch } : x)),
    );
  const bySender = v.assignBy === "senderDomain";
  return (
    <Card className="mb-6">
      <CardHeader
        title={editing ? "Edit experiment" : "New experiment"}
        description="Results are computed in the background from the delivery, engagement and conversion data, and refreshed as mail arrives."
      />
      <CardBody>
        <form onSubmit={form.handleSubmit(onSubmit)} className="space-y-6" aria-label={editing ? "Edit experiment" : "New experiment"}>
          <fieldset disabled={pending} className="grid gap-4 sm:grid-cols-2">
            <TextField label="Name" placeholder="Question in the subject line" {...form.field("name")} />
            <SelectField label="What changes" options={CHANGE_KIND_OPTIONS} {...form.field("changeKind")} />
            <TextareaField
              className="sm:col-span-2"
              label="Hypothesis"
              rows={2}
              placeholder="A question in the subject lifts unique opens by at least one point."
              {...form.field("hypothesis")}
            />
            <SelectField label="How mail finds its variant" options={ASSIGN_BY_OPTIONS} {...form.field("assignBy")} />
            <TextField
              label="Campaign"
              hint="Only this campaign's messages count; empty for any campaign"
              placeholder="spring-newsletter"
              {...form.field("campaign")}
            />
          </fieldset>

          <fieldset disabled={pending}>
            <legend className="text-sm font-medium text-slate-900">Variants</legend>
            <p className="mt-1 text-xs text-slate-500">
              {bySender
                ? "Each variant is a sending domain (e.g. news.example.com). The first is the control."
                : "Each variant's key is the tag your ESP, metadata import or recipient import gives its messages. The first is the control."}
            </p>
            <div
              className="mt-3 hidden gap-2 text-xs font-medium text-slate-600 sm:grid sm:grid-cols-[5rem_1fr_1fr_2fr_5.5rem]"
              aria-hidden="true"
            >
              <span />
              <span>{bySender ? "Sending domain" : "Key (tag)"}</span>
              <span>Label</span>
              <span>Description</span>
              <span />
            </div>
            <ol className="mt-1 space-y-2">
              {v.variants.map((variant, i) => {
                const name = i === 0 ? "Control" : `Variant ${i}`;
                return (
                  <li key={i} className="grid items-center gap-2 sm:grid-cols-[5rem_1fr_1fr_2fr_5.5rem]">
                    <span className="text-xs font-medium text-slate-500">{name}</span>
                    <Input
                      id={`variant-key-${i}`}
                      name={`variants.${i}.key`}
                      aria-label={`${name}: ${bySender ? "sending domain" : "key (tag)"}`}
                      value={variant.key}
                      onChange={(e) => setVariant(i, { key: e.target.value })}
                      placeholder={bySender ? "news.example.com" : i === 0 ? "A" : "B"}
                    />
                    <Input
                      id={`variant-label-${i}`}
                      aria-label={`${name}: label`}
                      value={variant.label}
                      onChange={(e) => setVariant(i, { label: e.target.value })}
                      placeholder="Shown in results"
                    />
                    <Input
                      id={`variant-description-${i}`}
                      aria-label={`${name}: description`}
                      value={variant.description}
                      onChange={(e) => setVariant(i, { description: e.target.value })}
                      placeholder={i === 0 ? "“This week at Acme”" : "“Ready for this week's deals?”"}
                    />
                    <Button
                      type="button"
                      variant="secondary"
                      size="sm"
                      disabled={v.variants.length <= 2}
                      aria-label={`Remove ${name.toLowerCase()}`}
                      onClick={() =>
                        form.setField(
                          "variants",
                          v.variants.filter((_, j) => j !== i),
                        )
                      }
                    >
                      Remove
                    </Button>
                  </li>
                );
              })}
            </ol>
            <div className="mt-2 flex items-center gap-3">
              <Button
                type="button"
                variant="secondary"
                size="sm"
                disabled={v.variants.length >= MAX_VARIANTS}
                onClick={() =>
                  form.setField("variants", [
                    ...v.variants,
                    { key: bySender ? "" : String.fromCharCode(65 + v.variants.length), label: "", description: "" },
                  ])
                }
              >
                Add variant
              </Button>
              {form.errors.variants ? (
                <p className="text-sm text-red-600" role="alert">
                  {form.errors.variants}
                </p>
              ) : (
                <span className="text-xs text-slate-500">2 to {MAX_VARIANTS} variants; each is compared with the control.</span>
              )}
            </div>
          </fieldset>

          <fieldset disabled={pending} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <SelectField label="Metric" options={METRIC_OPTIONS} {...form.field("metric")} />
            <SelectField
              label="Test design"
              options={[
                { value: "sequential", label: "Sequential — check any time" },
                { value: "fixed", label: "Fixed horizon — read at planned N" },
              ]}
              hint={DESIGN_EXPLANATIONS[v.design === "fixed" ? "fixed" : "sequential"]}
              {...form.field("design")}
            />
            <SelectField
              label="Confidence"
              options={CONFIDENCE_OPTIONS}
              hint="How sure a “winner” must be; 95 % wrongly names one in 20 tests with no real difference"
              {...form.field("confidence")}
            />
            <NumberField
              label="Minimum detectable effect (points)"
              hint="The smallest change worth acting on: 1 = one percentage point; sets the sample size needed"
              min={0}
              step="any"
              {...form.field("mdePoints")}
            />
            {v.metric === "conversion" ? (
              <NumberField
                label="Conversion window (days)"
                hint="A conversion counts for the latest message delivered this many days before it"
                min={1}
                max={90}
                step={1}
                {...form.field("attributionDays")}
              />
            ) : null}
            <TextField label="First day (UTC)" type="date" {...form.field("startsOn")} />
            <TextField label="Last day (UTC)" type="date" hint="Empty: runs until you stop it" {...form.field("endsOn")} />
          </fieldset>

          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" loading={pending}>
              {editing ? "Save changes" : "Start experiment"}
            </Button>
            <Button type="button" variant="secondary" onClick={onCancel}>
              Cancel
            </Button>
            <FormError error={error} />
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
