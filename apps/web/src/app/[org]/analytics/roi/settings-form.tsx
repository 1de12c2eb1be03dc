"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";

import { Button, Card, CardBody, CardHeader, FormError, NumberField, TextField, useZodForm } from "@inboxwatch/ui";

import { type RouterOutputs, useTRPC } from "~/trpc/react";

import { formValuesOf, ZRoiSettingsForm } from "./settings-schema";

type Settings = RouterOutputs["analytics"]["roi"]["settings"];

/** The organization's own numbers behind every money figure; read-only for roles without analytics.write. */
export function RoiSettingsForm({ settings, canEdit }: { settings: Settings; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZRoiSettingsForm, formValuesOf(settings));
  const save = useMutation(
    trpc.analytics.roi.updateSettings.mutationOptions({
      onSuccess: async (saved) => {
        form.reset(formValuesOf(saved));
        await queryClient.invalidateQueries({ queryKey: trpc.analytics.roi.pathKey() });
      },
    }),
  );
  return (
    <Card>
      <CardHeader
        title="Your numbers"
        description="The ROI figures are only as good as these estimates. Leave a value empty when you do not know it: the figure that needs it says so instead of guessing."
      />
      <CardBody>
        <form onSubmit={form.handleSubmit((data) => save.mutate(data))} className="grid gap-4 sm:grid-cols-2" aria-label="ROI inputs">
          <fieldset disabled={!canEdit || save.isPending} className="contents">
            <TextField label="Currency" hint="ISO 4217, e.g. EUR" maxLength={3} {...form.field("currency")} />
            <NumberField
              label="Value of one conversion"
              hint="Used with your imported conversions"
              min={0}
              step="any"
              {...form.field("valuePerConversion")}
            />
            <NumberField
              label="Value of one delivered message"
              hint="For mail without conversion data, e.g. an invoice"
              min={0}
              step="any"
              {...form.field("valuePerDeliveredMessage")}
            />
            <NumberField label="Cost of an hour of downtime" min={0} step="any" {...form.field("costPerDowntimeHour")} />
            <NumberField label="Cost of an hour of queue delay" min={0} step="any" {...form.field("costPerQueueDelayHour")} />
            <NumberField
              label="Queue delay target (seconds)"
              hint="An hour whose mean send latency is above this is an hour of queue delay"
              min={10}
              step={1}
              {...form.field("queueDelayTargetSeconds")}
            />
          </fieldset>
          <div className="flex items-center gap-3 sm:col-span-2">
            {canEdit ? (
              <Button type="submit" disabled={save.isPending}>
                {save.isPending ? "Saving…" : "Save"}
              </Button>
            ) : (
              <p className="text-sm text-slate-500">
                Your role can read these numbers; an owner, admin or marketing member can change them.
              </p>
            )}
            {save.isSuccess ? <span className="text-sm text-green-700">Saved</span> : null}
            <FormError error={save.error} />
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
