"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Button, Card, CardHeader, Notice } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";
import { ChannelForm } from "./channel-form";
import { NEW_CHANNEL, channelInput, digestOf, type TChannelForm } from "./channel-model";
import { ChannelsTable, type ChannelActions } from "./channels-table";
import { DeliveryLogCard } from "./delivery-log-card";
import { DataSources, SecretNotice } from "./integration-parts";

export default function IntegrationsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const channels = useQuery(trpc.alerts.channels.list.queryOptions(undefined, { refetchInterval: 15_000 }));
  const [form, setForm] = useState<TChannelForm | null>(null);
  const [secret, setSecret] = useState<{ channel: string; value: string } | null>(null);
  const [logFor, setLogFor] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const saved = async () => {
    setForm(null);
    await invalidate();
  };
  const create = useMutation(
    trpc.alerts.channels.create.mutationOptions({
      onSuccess: async (r) => {
        if (r.webhookSecret) setSecret({ channel: r.channel.name, value: r.webhookSecret });
        await saved();
      },
    }),
  );
  const update = useMutation(trpc.alerts.channels.update.mutationOptions({ onSuccess: saved }));
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
  const submit = (f: TChannelForm) => {
    const { routing, config } = channelInput(f);
    if (f.id) update.mutate({ id: f.id, ...routing, ...(config ? { config } : {}) });
    else create.mutate({ kind: f.kind, ...routing, config: config ?? {} });
  };
  const actions: ChannelActions = {
    canWrite,
    toggleLog: (c) => setLogFor(logFor === c.id ? null : c.id),
    sendTest: (c) => test.mutate({ id: c.id }),
    edit: (c) =>
      setForm({
        ...NEW_CHANNEL,
        id: c.id,
        kind: c.kind,
        name: c.name,
        minSeverity: c.minSeverity,
        digest: digestOf(c.digestSeverities),
        digestInterval: c.digestInterval,
        enabled: c.enabled,
      }),
    rotate: (c) => rotate.mutate({ id: c.id }, { onSuccess: (r) => setSecret({ channel: c.name, value: r.webhookSecret }) }),
    remove: (c) => remove.mutate({ id: c.id }),
  };
  const add = canWrite ? (
    <Button onClick={() => setForm(NEW_CHANNEL)}>
      <Icon name="plus" className="size-4" /> Add channel
    </Button>
  ) : null;
  const mutationError = rotate.error ?? remove.error ?? test.error;
  return (
    <Page
      title="Integrations"
      description="Where alerts are sent, and where Inboxwatch gets data from."
      actions={add}
      breadcrumbs={[{ label: "Settings", href: org.href("settings") }, { label: "Integrations" }]}
    >
      {secret ? <SecretNotice secret={secret} onDone={() => setSecret(null)} /> : null}
      {mutationError ? (
        <div className="mb-4">
          <Notice>{errorMessage(mutationError)}</Notice>
        </div>
      ) : null}
      {form ? (
        <ChannelForm
          key={form.id ?? "new"}
          initial={form}
          pending={create.isPending || update.isPending}
          error={create.error ?? update.error}
          onSubmit={submit}
          onCancel={() => setForm(null)}
        />
      ) : null}
      <Card className="mb-4">
        <CardHeader
          title="Alert channels"
          description="Slack, signed webhooks, email, Teams and PagerDuty. Rules choose which channels they notify."
        />
        <ChannelsTable
          rows={channels.data}
          error={errorMessage(channels.error)}
          onRetry={() => void channels.refetch()}
          add={add}
          actions={actions}
        />
      </Card>
      {logFor ? <DeliveryLogCard channelId={logFor} channelName={channels.data?.find((c) => c.id === logFor)?.name ?? ""} /> : null}
      <DataSources />
    </Page>
  );
}
