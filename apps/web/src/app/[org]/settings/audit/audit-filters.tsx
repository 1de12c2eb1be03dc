"use client";

import { Card, SelectField, TextField } from "@inboxwatch/ui";

export type ActorType = "USER" | "API_KEY" | "SYSTEM";
export interface AuditFilterValues {
  action: string;
  actorType: ActorType | "";
  from: string;
  to: string;
}

const ACTOR_OPTIONS = [
  { value: "", label: "Anyone" },
  { value: "USER", label: "People" },
  { value: "API_KEY", label: "API keys" },
  { value: "SYSTEM", label: "System" },
];

/** Action, actor kind and a day range; every change refetches the log from its newest entry. */
export function AuditFilters({
  value,
  actions,
  onChange,
}: {
  value: AuditFilterValues;
  actions: string[] | undefined;
  onChange: (next: AuditFilterValues) => void;
}) {
  const set = (patch: Partial<AuditFilterValues>) => onChange({ ...value, ...patch });
  return (
    <Card className="mb-4 p-4">
      <div className="grid gap-4 sm:grid-cols-4">
        <SelectField
          label="Action"
          name="action"
          id="f-action"
          value={value.action}
          onChange={(action) => set({ action })}
          options={[{ value: "", label: "All actions" }, ...(actions ?? []).map((a) => ({ value: a, label: a }))]}
        />
        <SelectField
          label="Actor"
          name="actorType"
          id="f-actor"
          value={value.actorType}
          onChange={(v) => set({ actorType: v as ActorType | "" })}
          options={ACTOR_OPTIONS}
        />
        <TextField label="From" name="from" id="f-from" type="date" value={value.from} onChange={(from) => set({ from })} />
        <TextField label="To" name="to" id="f-to" type="date" value={value.to} onChange={(to) => set({ to })} />
      </div>
    </Card>
  );
}
