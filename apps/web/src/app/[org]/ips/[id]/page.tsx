"use client";

import { useMutation, useQuery } from "@tanstack/react-query";

import { LoadingRows, Notice } from "@inboxwatch/ui";

import { IpHealth } from "~/components/dns-health/ip-health";
import { RemoveCard, SettingsCard, useEntityPage } from "~/components/entity-page";
import { Page } from "~/components/page";
import { errorMessage } from "~/trpc/react";
import { IpForm } from "../ip-form";

export default function IpPage() {
  const { id, org, trpc, queryClient, leaveAfter } = useEntityPage("ips");
  const ip = useQuery(trpc.ips.byId.queryOptions({ id }));
  const domains = useQuery(trpc.domains.list.queryOptions());
  // Links change which IPs a domain's SPF is graded against: the domain pages refetch too.
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.ips.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.domains.pathKey() }),
    ]);
  const update = useMutation(trpc.ips.update.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.ips.remove.mutationOptions({ onSuccess: leaveAfter(invalidate) }));
  const canWrite = org.can("ips.write");
  if (ip.error) return <Notice title="Cannot show this IP">{errorMessage(ip.error)}</Notice>;
  if (!ip.data) return <LoadingRows rows={3} />;
  const d = ip.data;
  return (
    <Page
      title={<span className="font-mono">{d.address}</span>}
      description={`Sending IP${d.pool ? ` · pool ${d.pool}` : ""} · ${d.domains.length > 0 ? `sends for ${d.domains.map((x) => x.domain).join(", ")}` : "not linked to a domain"}`}
      breadcrumbs={[{ label: "Sending IPs", href: org.href("ips") }, { label: d.address }]}
    >
      <IpHealth id={id} />
      <SettingsCard canWrite={canWrite} readOnlyText="Read-only: your role cannot change IPs." saved={update.isSuccess}>
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
      </SettingsCard>
      {canWrite ? (
        <RemoveCard what="IP" description="Stops its reputation checks." removal={remove} onConfirm={() => remove.mutate({ id })} />
      ) : null}
    </Page>
  );
}
