"use client";

import { useMutation } from "@tanstack/react-query";

import { NewEntityPage, useOpenCreated } from "~/components/entity-page";
import { errorMessage, useTRPC } from "~/trpc/react";
import { ServerForm } from "../server-form";

export default function NewServerPage() {
  const trpc = useTRPC();
  // The new server's page: its ports' first probes and health show there.
  const openCreated = useOpenCreated("servers");
  const create = useMutation(trpc.servers.create.mutationOptions({ onSuccess: openCreated(trpc.servers.list.queryKey()) }));
  return (
    <NewEntityPage
      permission="servers.write"
      refusal="Your role cannot add servers. Ask an admin."
      title="Add a mail server"
      description="We will probe each enabled port every 5 minutes."
    >
      <ServerForm
        submitLabel="Add server"
        pending={create.isPending}
        error={errorMessage(create.error)}
        onSubmit={({ authUsername, authPassword, ...v }) =>
          create.mutate({ ...v, authUsername: authUsername || null, authPassword: authPassword ?? null })
        }
      />
    </NewEntityPage>
  );
}
