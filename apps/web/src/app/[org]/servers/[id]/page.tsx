"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams, useRouter } from "next/navigation";

import { Card, CardBody, CardHeader, LoadingRows, Notice, PageHeader } from "@inboxwatch/ui";

import { ConfirmButton } from "~/components/confirm-button";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { ServerForm } from "../server-form";
import { ProbesPanel } from "./probes-panel";

export default function ServerPage() {
  const { id } = useParams<{ id: string }>();
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const server = useQuery(trpc.servers.byId.queryOptions({ id }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.servers.pathKey() });
  const update = useMutation(trpc.servers.update.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(
    trpc.servers.remove.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        router.push(org.href("servers"));
      },
    }),
  );
  const canWrite = org.can("servers.write");
  if (server.error) return <Notice title="Cannot show this server">{errorMessage(server.error)}</Notice>;
  if (!server.data) return <LoadingRows rows={5} />;
  const s = server.data;
  return (
    <>
      <PageHeader title={s.hostname} description={`${s.role.toLowerCase()} server · added ${s.createdAt.toLocaleDateString()}`} />
      <ProbesPanel serverId={s.id} />
      <Card>
        <CardHeader title="Settings" description={canWrite ? undefined : "Read-only: your role cannot change servers."} />
        <CardBody>
          {update.isSuccess ? (
            <div className="mb-4">
              <Notice tone="green">Saved.</Notice>
            </div>
          ) : null}
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
        </CardBody>
      </Card>
      {canWrite ? (
        <Card className="mt-6 border-red-200">
          <CardHeader
            title="Remove this server"
            description="Stops all probes of it. Its history goes with it."
            actions={
              <ConfirmButton loading={remove.isPending} onConfirm={() => remove.mutate({ id })} confirmLabel="Remove server">
                Remove
              </ConfirmButton>
            }
          />
          {remove.error ? (
            <CardBody>
              <Notice>{errorMessage(remove.error)}</Notice>
            </CardBody>
          ) : null}
        </Card>
      ) : null}
    </>
  );
}
