"use client";

import { useMutation, useQuery } from "@tanstack/react-query";

import { LoadingRows, Notice } from "@inboxwatch/ui";

import { RemoveCard, SettingsCard, useEntityPage } from "~/components/entity-page";
import { Page } from "~/components/page";
import { errorMessage } from "~/trpc/react";
import { ServerForm } from "../server-form";
import { ProbesPanel } from "./probes-panel";

export default function ServerPage() {
  const { id, org, trpc, queryClient, leaveAfter } = useEntityPage("servers");
  const server = useQuery(trpc.servers.byId.queryOptions({ id }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.servers.pathKey() });
  const update = useMutation(trpc.servers.update.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.servers.remove.mutationOptions({ onSuccess: leaveAfter(invalidate) }));
  const canWrite = org.can("servers.write");
  if (server.error) return <Notice title="Cannot show this server">{errorMessage(server.error)}</Notice>;
  if (!server.data) return <LoadingRows rows={5} />;
  const s = server.data;
  return (
    <Page
      title={s.hostname}
      description={`${s.role.toLowerCase()} server · added ${s.createdAt.toLocaleDateString()}`}
      breadcrumbs={[{ label: "Mail servers", href: org.href("servers") }, { label: s.hostname }]}
    >
      <ProbesPanel serverId={s.id} />
      <SettingsCard canWrite={canWrite} readOnlyText="Read-only: your role cannot change servers." saved={update.isSuccess}>
        <ServerForm
          key={s.updatedAt.toISOString()}
          initial={{ ...s, authUsername: s.authUsername ?? "" }}
          hasPassword={s.hasAuthPassword}
          submitLabel="Save changes"
          readOnly={!canWrite}
          pending={update.isPending}
          error={errorMessage(update.error)}
          onSubmit={({ authUsername, ...v }) => update.mutate({ id, ...v, authUsername: authUsername || null })}
        />
      </SettingsCard>
      {canWrite ? (
        <RemoveCard
          what="server"
          description="Stops all probes of it. Its history goes with it."
          removal={remove}
          onConfirm={() => remove.mutate({ id })}
        />
      ) : null}
    </Page>
  );
}
