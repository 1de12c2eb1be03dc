"use client";

import { useMutation, useQuery } from "@tanstack/react-query";

import { NewEntityPage, useOpenCreated } from "~/components/entity-page";
import { errorMessage, useTRPC } from "~/trpc/react";
import { IpForm } from "../ip-form";

export default function NewIpPage() {
  const trpc = useTRPC();
  const domains = useQuery(trpc.domains.list.queryOptions());
  // The new IP's page: its reverse DNS and blocklist checks show there.
  const openCreated = useOpenCreated("ips");
  const create = useMutation(trpc.ips.create.mutationOptions({ onSuccess: openCreated(trpc.ips.list.queryKey()) }));
  return (
    <NewEntityPage permission="ips.write" refusal="Your role cannot add IPs. Ask an admin." title="Add a sending IP">
      <IpForm
        domains={domains.data}
        submitLabel="Add IP"
        pending={create.isPending}
        error={errorMessage(create.error)}
        onSubmit={(v) =>
          create.mutate({ address: v.address, pool: v.pool || null, expectedHelo: v.expectedHelo || null, domainIds: v.domainIds })
        }
      />
    </NewEntityPage>
  );
}
