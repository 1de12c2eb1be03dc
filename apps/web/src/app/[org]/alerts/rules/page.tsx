"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { RULE_FORM_DEFAULTS, type RuleFormState, ruleFormFromDraft, ruleFormToDraft } from "@inboxwatch/alerting/rules";
import { Button, Notice, useConfirm } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { MutedBadge, SeverityBadge } from "../parts";
import { ScopePicker, useScopeLabel } from "./scope-picker";

const SCOPES = ALERT_SCOPE_TYPES;

interface StoredDraft {
  name: string;
  enabled: boolean;
  scope: { type: string; id?: string };
  condition: {
    kind: TRuleFormKind;
    metric?: string;
    category?: string;
    comparator?: string;
    value?: number;
    factor?: number;
    event?: string;
    days?: number;
    windowMinutes: number;
  };
  severity: RuleFormState["severity"];
  minVolume: number;
  forMinutes: number;
  runbookUrl?: string;
  channelIds: string[];
}

function describe(d: StoredDraft): string {
  const c = d.condition;
  if (c.kind === "event")
    return `${EVENT_CATALOG[c.event as (typeof ALERT_EVENTS)[number]]?.label ?? c.event}${c.days ? ` within ${c.days} days` : ""}`;
  const label = METRIC_CATALOG[c.metric as (typeof ALERT_METRICS)[number]]?.label ?? c.metric;
  if (c.kind === "threshold")
    return `${label}${c.category ? ` (${c.category})` : ""} ${c.comparator} ${c.value} over ${c.windowMinutes} min`;
  return `${label} ${c.factor} × its 7-day median over ${c.windowMinutes} min`;
}

export default function RulesPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.alerts.rules.list.queryOptions());
  const scopeLabel = useScopeLabel();
  const channels = useQuery(trpc.alerts.channels.list.queryOptions());
  const [editing, setEditing] = useState<{ id: string | null; form: RuleFormState } | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const done = async () => {
    setEditing(null);
    await invalidate();
  };
  const create = useMutation(trpc.alerts.rules.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.alerts.rules.update.mutationOptions({ onSuccess: done }));
  const toggle = useMutation(trpc.alerts.rules.setEnabled.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.alerts.rules.remove.mutationOptions({ onSuccess: invalidate }));
  const canWrite = org.can("alerts.write");
  const set = (patch: Partial<RuleFormState>) => setEditing((e) => (e ? { ...e, form: { ...e.form, ...patch } } : e));
  const submit = () => {
    if (!editing) return;
    const draft = ruleFormToDraft(editing.form);
    if (editing.id) update.mutate({ id: editing.id, draft });
    else create.mutate(draft);
  };
  const add = canWrite ? (
    <Button onClick={() => setEditing({ id: null, form: RULE_FORM_DEFAULTS })}>
      <Icon name="plus" className="size-4" /> New rule
    </Button>
  ) : null;
  const f = editing?.form;
  const shown = f ? ruleFormFields(f) : null;
  return (
    <>
      <PageHeader
        title="Alert rules"
        description="What opens an incident: thresholds, state changes and baseline spikes, with severity, minimum volume and for-duration."
        actions={add}
      />
      {rules.error ? <Notice>{errorMessage(rules.error)}</Notice> : null}
      {(toggle.error ?? remove.error) ? <Notice>{errorMessage(toggle.error ?? remove.error)}</Notice> : null}
      {editing && f && shown ? (
        <Card className="mb-4">
          <CardHeader title={editing.id ? "Edit rule" : "New rule"} />
          <CardBody>
            <form
              className="grid gap-4 md:grid-cols-3"
              onSubmit={(e) => {
                e.preventDefault();
                submit();
              }}
            >
              <Field label="Name" htmlFor="name">
                <Input id="name" required value={f.name} onChange={(e) => set({ name: e.target.value })} />
              </Field>
              <Field label="Kind" htmlFor="kind">
                <Select
                  id="kind"
                  value={f.kind}
                  onChange={(e) =>
                    setEditing((ed) => (ed ? { ...ed, form: withRuleFormKind(ed.form, e.target.value as TRuleFormKind) } : ed))
                  }
                >
                  <option value="threshold">Threshold over a window</option>
                  <option value="event">State or drift event</option>
                  <option value="baseline">Change against the 7-day baseline</option>
                </Select>
              </Field>
              <Field label="Severity" htmlFor="severity">
                <Select id="severity" value={f.severity} onChange={(e) => set({ severity: e.target.value as RuleFormState["severity"] })}>
                  <option value="critical">Critical</option>
                  <option value="warning">Warning</option>
                  <option value="info">Info</option>
                </Select>
              </Field>
              {shown.event ? (
                <Field label="Event" htmlFor="event">
                  <Select id="event" value={f.event} onChange={(e) => set({ event: e.target.value as RuleFormState["event"] })}>
                    {ALERT_EVENTS.map((ev) => (
                      <option key={ev} value={ev}>
                        {EVENT_CATALOG[ev].label}
                      </option>
                    ))}
                  </Select>
                </Field>
              ) : (
                <Field label="Metric" htmlFor="metric">
                  <Select id="metric" value={f.metric} onChange={(e) => set({ metric: e.target.value as RuleFormState["metric"] })}>
                    {ALERT_METRICS.map((m) => (
                      <option key={m} value={m}>
                        {METRIC_CATALOG[m].label}
                        {m === "bounce_rate_by_category" ? " by category" : ""}
                      </option>
                    ))}
                  </Select>
                </Field>
              )}
              {shown.category ? (
                <Field label="Bounce category" htmlFor="category">
                  <Input id="category" value={f.category} onChange={(e) => set({ category: e.target.value })} placeholder="reputation" />
                </Field>
              ) : null}
              {shown.comparator ? (
                <>
                  <Field label="Comparator" htmlFor="comparator">
                    <Select
                      id="comparator"
                      value={f.comparator}
                      onChange={(e) => set({ comparator: e.target.value as RuleFormState["comparator"] })}
                    >
                      {[">", ">=", "<", "<="].map((c) => (
                        <option key={c}>{c}</option>
                      ))}
                    </Select>
                  </Field>
                  <Field label="Value" htmlFor="value">
                    <Input id="value" type="number" step="any" value={f.value} onChange={(e) => set({ value: e.target.value })} />
                  </Field>
                </>
              ) : null}
              {shown.factor ? (
                <Field label="Factor (× median)" htmlFor="factor">
                  <Input
                    id="factor"
                    type="number"
                    step="any"
                    min="1.01"
                    value={f.factor}
                    onChange={(e) => set({ factor: e.target.value })}
                  />
                </Field>
              ) : null}
              {shown.days ? (
                <Field label="Days before expiry" htmlFor="days">
                  <Input id="days" type="number" min="1" max="90" value={f.days} onChange={(e) => set({ days: e.target.value })} />
                </Field>
              ) : null}
              {shown.window ? (
                <Field label="Window (minutes)" htmlFor="window">
                  <Input
                    id="window"
                    type="number"
                    min="1"
                    value={f.windowMinutes}
                    onChange={(e) => set({ windowMinutes: e.target.value })}
                  />
                </Field>
              ) : null}
              <Field label="Scope" htmlFor="scopeType">
                <Select
                  id="scopeType"
                  value={f.scopeType}
                  onChange={(e) => set({ scopeType: e.target.value as RuleFormState["scopeType"], scopeId: "" })}
                >
                  {SCOPES.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </Select>
              </Field>
              {f.scopeType !== "organization" ? (
                <ScopePicker type={f.scopeType} value={f.scopeId} onChange={(scopeId) => set({ scopeId })} />
              ) : null}
              {shown.volume ? (
                <Field label={shown.volume.label} htmlFor="minVolume" hint={shown.volume.hint}>
                  <Input id="minVolume" type="number" min="0" value={f.minVolume} onChange={(e) => set({ minVolume: e.target.value })} />
                </Field>
              ) : null}
              <Field label="For (minutes)" htmlFor="forMinutes" hint="Must hold this long to fire, and be clear this long to resolve.">
                <Input id="forMinutes" type="number" min="0" value={f.forMinutes} onChange={(e) => set({ forMinutes: e.target.value })} />
              </Field>
              <Field label="Runbook link" htmlFor="runbook">
                <Input
                  id="runbook"
                  type="url"
                  value={f.runbookUrl}
                  onChange={(e) => set({ runbookUrl: e.target.value })}
                  placeholder="https://wiki.example.com/runbooks/bounces"
                />
              </Field>
              <div className="md:col-span-3">
                <p className="mb-2 text-sm font-medium text-slate-700">Notify</p>
                {channels.data?.length ? (
                  <div className="grid gap-2 md:grid-cols-3">
                    {channels.data.map((c) => (
                      <Checkbox
                        key={c.id}
                        label={`${c.name} (${c.kind})`}
                        checked={f.channelIds.includes(c.id)}
                        onChange={(e) =>
                          set({ channelIds: e.target.checked ? [...f.channelIds, c.id] : f.channelIds.filter((x) => x !== c.id) })
                        }
                      />
                    ))}
                  </div>
                ) : (
                  <p className="text-sm text-slate-500">
                    No channels yet: add Slack, a webhook, email, Teams or PagerDuty under Settings → Integrations.
                  </p>
                )}
              </div>
              {(create.error ?? update.error) ? (
                <div className="md:col-span-3">
                  <Notice>{errorMessage(create.error ?? update.error)}</Notice>
                </div>
              ) : null}
              <div className="flex gap-2 md:col-span-3">
                <Button type="submit" loading={create.isPending || update.isPending}>
                  {editing.id ? "Save rule" : "Create rule"}
                </Button>
                <Button type="button" variant="secondary" onClick={() => setEditing(null)}>
                  Cancel
                </Button>
              </div>
            </form>
          </CardBody>
        </Card>
      ) : null}
      <RulesTable
        rows={rules.data}
        error={errorMessage(rules.error)}
        onRetry={() => void rules.refetch()}
        add={add}
        actions={{
          canWrite,
          edit: (r) => setEditing({ id: r.id, form: ruleFormFromDraft(r.definition as StoredDraft) }),
          toggle: (r) => toggle.mutate({ id: r.id, enabled: !r.enabled }),
          remove: (r) =>
            void confirm({ title: `Delete the rule "${r.name}"?`, message: "Its open incidents stay; it stops alerting.", confirmLabel: "Delete rule" }).then(
              (yes) => yes && remove.mutate({ id: r.id }),
            ),
        }}
      />
      {confirmDialog}
    </Page>
  );
}
