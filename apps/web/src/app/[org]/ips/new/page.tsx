"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

import { Card, CardBody, Notice, PageHeader } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";
import { IpForm } from "../ip-form";

export default function NewIpPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const domains = useQuery(trpc.domains.list.queryOptions());
  const create = useMutation(
    trpc.ips.create.mutationOptions({
      // The new IP's page: its reverse DNS and blocklist checks show there.
      onSuccess: async (created) => {
        await queryClient.invalidateQueries({ queryKey: trpc.ips.list.queryKey() });
        router.push(org.href(`ips/${created.id}`));
      },
    }),
  );
  if (!org.can("ips.write")) return <Notice tone="amber">Your role cannot add IPs. Ask an admin.</Notice>;
  return (
    <>
      <PageHeader title="Add a sending IP" />
      <Card>
        <CardBody>
          <IpForm
            domains={domains.data}
            submitLabel="Add IP"
            pending={create.isPending}
            error={errorMessage(create.error)}
            onSubmit={(v) =>
              create.mutate({ address: v.address, pool: v.pool || null, expectedHelo: v.expectedHelo || null, domainIds: v.domainIds })
            }
          />
        </CardBody>
      </Card>
    </>
  );
}
