"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import {
  Badge,
  Button,
  Card,
  CardBody,
  CardHeader,
  Checkbox,
  EmptyState,
  Field,
  Input,
  LoadingRows,
  Notice,
  PageHeader,
  Select,
  Table,
  Td,
} from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { DeliveryLog } from "../../alerts/parts";

type Kind = "slack" | "webhook" | "email" | "teams" | "pagerduty";
const KIND_LABEL: Record<Kind, string> = {
  slack: "Slack",
  webhook: "Signed webhook",
  email: "Email",
  teams: "Microsoft Teams",
  pagerduty: "PagerDuty",
};
const KIND_HINT: Record<Kind, string> = {
  slack: "An incoming-webhook URL (https://hooks.slack.com/services/…). Messages use Block Kit.",
  webhook: "Your endpoint receives JSON signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).",
  email: "Comma-separated addresses; HTML and text.",
  teams: "A Teams workflow or incoming-webhook URL; messages are Adaptive Cards.",
  pagerduty: "The 32-character integration key of an Events API v2 integration; incidents trigger and resolve with a dedup key.",
};

interface ChannelForm {
  id: string | null;
  kind: Kind;
  name: string;
  target: string;
  minSeverity: "critical" | "warning" | "info";
  /** Severities collected into a digest instead of sent one by one (PagerDuty takes none). */
  digest: "none" | "info" | "info_warning";
  digestInterval: "hourly" | "daily";
  enabled: boolean;
}

const DIGEST_SEVERITIES = { none: [], info: ["info"], info_warning: ["info", "warning"] } as const;

function digestOf(severities: readonly string[]): ChannelForm["digest"] {
  if (severities.includes("warning")) return "info_warning";
  return severities.includes("info") ? "info" : "none";
}

function configFor(f: ChannelForm): Record<string, unknown> {
  switch (f.kind) {
    case "email":
      return {
        to: f.target
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      };
    case "pagerduty":
      return { routingKey: f.target.trim() };
    default:
      return { url: f.target.trim() };
  }
}

const DATA_SOURCES = [
  { name: "REST API", text: "Read your organization and ship data with an API key.", href: "settings/api-keys" },
  {
    name: "MTA logs (HTTP)",
    text: "POST Postfix/Exim logs or ESP events to /api/v1/ingest/logs with a key that has the ingest scope.",
    href: "settings/api-keys",
  },
];

export default function IntegrationsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const channels = useQuery(trpc.alerts.channels.list.queryOptions(undefined, { refetchInterval: 15_000 }));
  const [form, setForm] = useState<ChannelForm | null>(null);
  const [secret, setSecret] = useState<{ channel: string; value: string } | null>(null);
  const [logFor, setLogFor] = useState<string | null>(null);
  const log = useQuery({
    ...trpc.alerts.channels.deliveries.queryOptions({ id: logFor ?? "" }, { refetchInterval: 3_000 }),
    enabled: logFor !== null,
  });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const create = useMutation(
    trpc.alerts.channels.create.mutationOptions({
      onSuccess: async (r) => {
        if (r.webhookSecret) setSecret({ channel: r.channel.name, value: r.webhookSecret });
        setForm(null);
        await invalidate();
      },
    }),
  );
  const update = useMutation(
    trpc.alerts.channels.update.mutationOptions({
      onSuccess: async () => {
        setForm(null);
        await invalidate();
      },
    }),
  );
  const rotate = useMutation(trpc.alerts.channels.rotateSecret.mutationOptions());
  const remove = useMutation(trpc.alerts.channels.remove.mutationOptions({ onSuccess: invalidate }));
  const test = useMutation(
    trpc.alerts.channels.sendTest.mutationOptions({
      onSuccess: async (_r, input) => {
        setLogFor(input.id);
        await invalidate();
      },
    }),
  );
  const canWrite = org.can("integrations.write");
  const set = (patch: Partial<ChannelForm>) => setForm((f) => (f ? { ...f, ...patch } : f));
  const submit = () => {
    if (!form) return;
    const digestSeverities = form.kind === "pagerduty" ? [] : [...DIGEST_SEVERITIES[form.digest]];
    const routing = {
      name: form.name,
      minSeverity: form.minSeverity,
      enabled: form.enabled,
      digestSeverities,
      digestInterval: form.digestInterval,
    };
    if (form.id) update.mutate({ id: form.id, ...routing, ...(form.target ? { config: configFor(form) } : {}) });
    else create.mutate({ kind: form.kind, ...routing, config: configFor(form) });
  };
  const add = canWrite ? (
    <Button
      onClick={() =>
        setForm({
          id: null,
          kind: "slack",
          name: "",
          target: "",
          minSeverity: "info",
          digest: "none",
          digestInterval: "hourly",
          enabled: true,
        })
      }
    >
      <Icon name="plus" className="size-4" /> Add channel
    </Button>
  ) : null;
  const mutationError = rotate.error ?? remove.error ?? test.error;
  return (
    <>
      <PageHeader title="Integrations" description="Where alerts are sent, and where Inboxwatch gets data from." actions={add} />
      {secret ? (
        <div className="mb-4">
          <Notice tone="amber" title={`Signing secret of "${secret.channel}" — shown once`}>
            <code className="break-all">{secret.value}</code>
            <p className="mt-1">
              Store it in your receiver now and verify each request with a Standard Webhooks library. It cannot be shown again; rotate to
              get a new one.
            </p>
            <button type="button" className="mt-2 text-sm font-medium underline" onClick={() => setSecret(null)}>
              I have stored it
            </button>
          </Notice>
        </div>
      ) : null}
      {mutationError ? (
        <div className="mb-4">
          <Notice>{errorMessage(mutationError)}</Notice>
        </div>
      ) : null}
      {form ? (
        <Card className="mb-4">
          <CardHeader title={form.id ? `Edit ${form.name}` : "New channel"} description={KIND_HINT[form.kind]} />
          <CardBody>
            <form
              className="grid gap-4 md:grid-cols-2"
              onSubmit={(e) => {
                e.preventDefault();
                submit();
              }}
            >
              <Field label="Kind" htmlFor="kind">
                <Select id="kind" value={form.kind} disabled={form.id !== null} onChange={(e) => set({ kind: e.target.value as Kind })}>
                  {(Object.keys(KIND_LABEL) as Kind[]).map((k) => (
                    <option key={k} value={k}>
                      {KIND_LABEL[k]}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="Name" htmlFor="name">
                <Input id="name" required value={form.name} onChange={(e) => set({ name: e.target.value })} placeholder="#ops-alerts" />
              </Field>
              <Field
                label={form.kind === "email" ? "Recipients" : form.kind === "pagerduty" ? "Integration key" : "URL"}
                htmlFor="target"
                hint={form.id ? "Leave empty to keep the stored value (secrets are never shown)." : undefined}
              >
                <Input id="target" required={form.id === null} value={form.target} onChange={(e) => set({ target: e.target.value })} />
              </Field>
              <Field label="Minimum severity" htmlFor="minSeverity">
                <Select
                  id="minSeverity"
                  value={form.minSeverity}
                  onChange={(e) => set({ minSeverity: e.target.value as ChannelForm["minSeverity"] })}
                >
                  <option value="info">Info and above</option>
                  <option value="warning">Warning and above</option>
                  <option value="critical">Critical only</option>
                </Select>
              </Field>
              {form.kind !== "pagerduty" ? (
                <>
                  <Field label="Digest" htmlFor="digest" hint="Low-severity alerts collected into one message instead of one each.">
                    <Select id="digest" value={form.digest} onChange={(e) => set({ digest: e.target.value as ChannelForm["digest"] })}>
                      <option value="none">No digest: send every alert</option>
                      <option value="info">Info alerts in a digest</option>
                      <option value="info_warning">Info and warning alerts in a digest</option>
                    </Select>
                  </Field>
                  {form.digest !== "none" ? (
                    <Field label="Digest every" htmlFor="digestInterval">
                      <Select
                        id="digestInterval"
                        value={form.digestInterval}
                        onChange={(e) => set({ digestInterval: e.target.value as ChannelForm["digestInterval"] })}
                      >
                        <option value="hourly">Hour</option>
                        <option value="daily">Day</option>
                      </Select>
                    </Field>
                  ) : null}
                </>
              ) : null}
              <Checkbox label="Enabled" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
              {(create.error ?? update.error) ? (
                <div className="md:col-span-2">
                  <Notice>{errorMessage(create.error ?? update.error)}</Notice>
                </div>
              ) : null}
              <div className="flex gap-2 md:col-span-2">
                <Button type="submit" loading={create.isPending || update.isPending}>
                  {form.id ? "Save channel" : "Add channel"}
                </Button>
                <Button type="button" variant="secondary" onClick={() => setForm(null)}>
                  Cancel
                </Button>
              </div>
            </form>
          </CardBody>
        </Card>
      ) : null}
      <Card className="mb-4">
        <CardHeader
          title="Alert channels"
          description="Slack, signed webhooks, email, Teams and PagerDuty. Rules choose which channels they notify."
        />
        {channels.error ? <Notice>{errorMessage(channels.error)}</Notice> : null}
        {channels.isPending ? (
          <LoadingRows />
        ) : channels.data?.length === 0 ? (
          <EmptyState icon={<Icon name="plug" className="size-10" />} title="No channels yet" action={add}>
            Add where your team already is — a Slack channel, PagerDuty, an email list — then pick it in your alert rules.
          </EmptyState>
        ) : channels.data ? (
          <Table head={["Channel", "Kind", "Target", "Status", ""]}>
            {channels.data.map((c) => {
              const config = c.config as { url?: string; urlHint?: string; routingKeyHint?: string; to?: string[] };
              const target = config.url ?? config.urlHint ?? config.routingKeyHint ?? config.to?.join(", ") ?? "";
              return (
                <tr key={c.id} className={c.enabled ? "" : "opacity-60"}>
                  <Td className="font-medium text-slate-900">{c.name}</Td>
                  <Td>{KIND_LABEL[c.kind]}</Td>
                  <Td className="max-w-xs truncate font-mono text-xs">{target}</Td>
                  <Td>
                    <ChannelHealth status={c.status} consecutiveFailures={c.consecutiveFailures} lastDeliveredAt={c.lastDeliveredAt} />
                    {c.consecutiveFailures > 0 ? (
                      <span className="ml-2 text-xs text-slate-500">{c.consecutiveFailures} failed in a row</span>
                    ) : null}
                    {c.digestSeverities.length > 0 ? (
                      <span className="ml-2 text-xs text-slate-500">
                        {c.digestSeverities.join(" + ")} in a {c.digestInterval === "daily" ? "daily" : "hourly"} digest
                      </span>
                    ) : null}
                  </Td>
                  <Td className="text-right">
                    <span className="flex justify-end gap-3 text-sm font-medium">
                      <button
                        type="button"
                        className="text-slate-600 hover:text-slate-900"
                        onClick={() => setLogFor(logFor === c.id ? null : c.id)}
                      >
                        Delivery log
                      </button>
                      {canWrite ? (
                        <>
                          <button type="button" className="text-brand-600 hover:text-brand-700" onClick={() => test.mutate({ id: c.id })}>
                            Send test
                          </button>
                          <button
                            type="button"
                            className="text-brand-600 hover:text-brand-700"
                            onClick={() =>
                              setForm({
                                id: c.id,
                                kind: c.kind,
                                name: c.name,
                                target: "",
                                minSeverity: c.minSeverity,
                                digest: digestOf(c.digestSeverities),
                                digestInterval: c.digestInterval,
                                enabled: c.enabled,
                              })
                            }
                          >
                            Edit
                          </button>
                          {c.kind === "webhook" ? (
                            <button
                              type="button"
                              className="text-amber-700 hover:text-amber-800"
                              onClick={() =>
                                rotate.mutate({ id: c.id }, { onSuccess: (r) => setSecret({ channel: c.name, value: r.webhookSecret }) })
                              }
                            >
                              Rotate secret
                            </button>
                          ) : null}
                          <button type="button" className="text-red-600 hover:text-red-700" onClick={() => remove.mutate({ id: c.id })}>
                            Remove
                          </button>
                        </>
                      ) : null}
                    </span>
                  </Td>
                </tr>
              );
            })}
          </Table>
        ) : null}
      </Card>
      {logFor ? (
        <Card className="mb-4">
          <CardHeader
            title={`Delivery log — ${channels.data?.find((c) => c.id === logFor)?.name ?? ""}`}
            description="Newest first; a test shows here within seconds."
          />
          {log.error ? <Notice>{errorMessage(log.error)}</Notice> : log.data ? <DeliveryLog rows={log.data} /> : <LoadingRows />}
        </Card>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        {DATA_SOURCES.map((i) => (
          <Card key={i.name}>
            <CardHeader title={i.name} actions={<Badge tone="green">available</Badge>} />
            <CardBody>
              <p className="text-sm text-slate-600">{i.text}</p>
              <Link href={org.href(i.href)} className="mt-3 inline-block text-sm font-medium text-brand-600 hover:text-brand-700">
                Set up →
              </Link>
            </CardBody>
          </Card>
        ))}
      </div>
    </>
  );
}

/**
 * A channel's health as it really is: "healthy" only once something was delivered through it (a new row's
 * status is "healthy" by default), "failing" after the worker flagged it, otherwise "not used yet".
 */
function ChannelHealth({
  status,
  consecutiveFailures,
  lastDeliveredAt,
}: {
  status: string;
  consecutiveFailures: number;
  lastDeliveredAt: Date | string | null;
}) {
  if (status === "failing") return <Badge tone="red">failing</Badge>;
  if (lastDeliveredAt === null)
    return (
      <Badge tone={consecutiveFailures > 0 ? "amber" : "slate"}>{consecutiveFailures > 0 ? "not delivered yet" : "not used yet"}</Badge>
    );
  return (
    <span title={`Last delivered ${new Date(lastDeliveredAt).toLocaleString()}`}>
      <Badge tone="green">healthy</Badge>
    </span>
  );
}
