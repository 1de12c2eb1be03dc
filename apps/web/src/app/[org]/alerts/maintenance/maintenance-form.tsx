"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";

import { Button, Card, CardBody, CardHeader, FormError, SelectField, TextField, useZodForm } from "@inboxwatch/ui";

import { useTRPC } from "~/trpc/react";
import { newMaintenanceForm, type ScopeOptions, type ScopeType, ZMaintenanceForm } from "./maintenance-model";

const SCOPE_TYPE_OPTIONS = [
  { value: "organization", label: "Whole organization" },
  { value: "domain", label: "Sending domain" },
  { value: "ip", label: "Sending IP" },
  { value: "server", label: "Mail server" },
];

/** Plan a window on the organization or one domain, IP or server. */
export function MaintenanceForm({ options }: { options: ScopeOptions }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZMaintenanceForm, newMaintenanceForm());
  const f = form.values;
  const create = useMutation(
    trpc.alerts.maintenance.create.mutationOptions({
      onSuccess: async () => {
        form.setField("reason", "");
        await queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
      },
    }),
  );
  const submit = form.handleSubmit((v) => {
    const scope = v.scopeType === "organization" ? { type: "organization" as const } : { type: v.scopeType, id: v.scopeId };
    create.mutate({ name: v.reason, scope, startsAt: new Date(v.startsAt), endsAt: new Date(v.endsAt) });
  });
  return (
    <Card className="mb-4">
      <CardHeader title="Plan a window" description="Windows last at most 7 days. A window on the organization mutes every rule." />
      <CardBody>
        <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <SelectField
            label="Scope"
            {...form.field("scopeType")}
            onChange={(type) => form.setValues((v) => ({ ...v, scopeType: type as ScopeType, scopeId: "" }))}
            options={SCOPE_TYPE_OPTIONS}
          />
          {f.scopeType !== "organization" ? (
            <SelectField
              label="Which"
              {...form.field("scopeId")}
              required
              hint={options[f.scopeType].length === 0 ? "Nothing of this kind yet: add it in its section first." : undefined}
            >
              <option value="">Choose…</option>
              {options[f.scopeType].map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </SelectField>
          ) : null}
          <TextField label="Reason" {...form.field("reason")} required maxLength={200} placeholder="MTA upgrade" />
          <TextField label="Starts" {...form.field("startsAt")} type="datetime-local" required />
          <TextField label="Ends" {...form.field("endsAt")} type="datetime-local" required />
          <div className="flex items-end">
            <Button type="submit" loading={create.isPending}>
              Create window
            </Button>
          </div>
        </form>
        <FormError error={create.error} className="mt-3" />
      </CardBody>
    </Card>
  );
}
