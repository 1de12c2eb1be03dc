"use client";

import { Checkbox } from "@inboxwatch/ui";

/** The channels a rule notifies, as checkboxes; a hint to add one when the organization has none. */
export function NotifyChannels({
  channels,
  selected,
  onChange,
}: {
  channels: { id: string; name: string; kind: string }[] | undefined;
  selected: string[];
  onChange: (ids: string[]) => void;
}) {
  return (
    <div className="md:col-span-3">
      <p className="mb-2 text-sm font-medium text-slate-700">Notify</p>
      {channels?.length ? (
        <div className="grid gap-2 md:grid-cols-3">
          {channels.map((c) => (
            <Checkbox
              key={c.id}
              label={`${c.name} (${c.kind})`}
              checked={selected.includes(c.id)}
              onChange={(e) => onChange(e.target.checked ? [...selected, c.id] : selected.filter((x) => x !== c.id))}
            />
          ))}
        </div>
      ) : (
        <p className="text-sm text-slate-500">
          No channels yet: add Slack, a webhook, email, Teams or PagerDuty under Settings → Integrations.
        </p>
      )}
    </div>
  );
}
