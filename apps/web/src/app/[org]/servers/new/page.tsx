"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

import { Card, CardBody, Notice, PageHeader } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { ServerForm } from "../server-form";

export default function NewServerPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.servers.create.mutationOptions({
      // The new server's page: its ports' first probes and health show there.
      onSuccess: async (server) => {
        await queryClient.invalidateQueries({ queryKey: trpc.servers.list.queryKey() });
        router.push(org.href(`servers/${server.id}`));
      },
    }),
  );
  if (!org.can("servers.write")) return <Notice tone="amber">Your role cannot add servers. Ask an admin.</Notice>;
  return (
    <>
      <PageHeader title="Add a mail server" description="We will probe each enabled port every 5 minutes." />
      <Card>
        <CardBody>
          <ServerForm
            submitLabel="Add server"
            pending={create.isPending}
            error={errorMessage(create.error)}
            onSubmit={({ authUsername, authPassword, ...v }) =>
              create.mutate({ ...v, authUsername: authUsername || null, authPassword: authPassword ?? null })
            }
          />
        </CardBody>
      </Card>
    </>
  );
}
