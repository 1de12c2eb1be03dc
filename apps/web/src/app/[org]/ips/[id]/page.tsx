"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams, useRouter } from "next/navigation";

import { Card, CardBody, CardHeader, LoadingRows, Notice, PageHeader } from "@inboxwatch/ui";

import { ConfirmButton } from "~/components/confirm-button";
import { useOrg } from "~/components/org-context";
import { IpHealth } from "~/components/dns-health/ip-health";
import { errorMessage, useTRPC } from "~/trpc/react";
import { IpForm } from "../ip-form";

export default function IpPage() {
  const { id } = useParams<{ id: string }>();
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const ip = useQuery(trpc.ips.byId.queryOptions({ id }));
  const domains = useQuery(trpc.domains.list.queryOptions());
  // Links change which IPs a domain's SPF is graded against: the domain pages refetch too.
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.ips.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.domains.pathKey() }),
    ]);
  const update = useMutation(trpc.ips.update.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(
    trpc.ips.remove.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        router.push(org.href("ips"));
      },
    }),
  );
  const canWrite = org.can("ips.write");
  if (ip.error) return <Notice title="Cannot show this IP">{errorMessage(ip.error)}</Notice>;
  if (!ip.data) return <LoadingRows rows={3} />;
  const d = ip.data;
  return (
    <>
      <PageHeader
        title={<span className="font-mono">{d.address}</span>}
        description={`Sending IP${d.pool ? ` · pool ${d.pool}` : ""} · ${d.domains.length > 0 ? `sends for ${d.domains.map((x) => x.domain).join(", ")}` : "not linked to a domain"}`}
      />
      <IpHealth id={id} />
      <Card>
        <CardHeader title="Settings" description={canWrite ? undefined : "Read-only: your role cannot change IPs."} />
        <CardBody>
          {update.isSuccess ? (
            <div className="mb-4">
              <Notice tone="green">Saved.</Notice>
            </div>
          ) : null}
          <IpForm
            key={`${d.updatedAt.toISOString()}-${d.domains.map((x) => x.id).join(",")}-${domains.data ? "loaded" : "loading"}`}
            initial={{ address: d.address, pool: d.pool ?? "", expectedHelo: d.expectedHelo ?? "", domainIds: d.domains.map((x) => x.id) }}
            domains={domains.data}
            editAddress={false}
            readOnly={!canWrite}
            submitLabel="Save"
            pending={update.isPending}
            error={errorMessage(update.error)}
            onSubmit={(v) => update.mutate({ id, pool: v.pool || null, expectedHelo: v.expectedHelo || null, domainIds: v.domainIds })}
          />
        </CardBody>
      </Card>
      {canWrite ? (
        <Card className="mt-6 border-red-200">
          <CardHeader
            title="Remove this IP"
            description="Stops its reputation checks."
            actions={
              <ConfirmButton loading={remove.isPending} onConfirm={() => remove.mutate({ id })} confirmLabel="Remove IP">
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
