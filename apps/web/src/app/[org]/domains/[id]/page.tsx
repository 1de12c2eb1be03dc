"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { Button, FormError, LoadingRows, Notice } from "@inboxwatch/ui";

import { DomainHealth } from "~/components/dns-health/domain-health";
import { RemoveCard, SettingsCard, useEntityPage } from "~/components/entity-page";
import { Page } from "~/components/page";
import { errorMessage } from "~/trpc/react";
import { parseSelectors, SelectorsInput } from "../domain-form";
import { MailExchangers } from "./mail-exchangers";

export default function DomainPage() {
  const { id, org, trpc, queryClient, leaveAfter } = useEntityPage("domains");
  const domain = useQuery(trpc.domains.byId.queryOptions({ id }));
  const [selectors, setSelectors] = useState("");
  useEffect(() => {
    if (domain.data) setSelectors(domain.data.dkimSelectors.join(", "));
  }, [domain.data]);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.domains.pathKey() });
  const update = useMutation(trpc.domains.update.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.domains.remove.mutationOptions({ onSuccess: leaveAfter(invalidate) }));
  const canWrite = org.can("domains.write");
  if (domain.error) return <Notice title="Cannot show this domain">{errorMessage(domain.error)}</Notice>;
  if (!domain.data) return <LoadingRows rows={4} />;
  return (
    <Page
      title={domain.data.domain}
      description={`Sending domain · added ${domain.data.createdAt.toLocaleDateString()}`}
      breadcrumbs={[{ label: "Sending domains", href: org.href("domains") }, { label: domain.data.domain }]}
    >
      <DomainHealth id={id} />
      <MailExchangers domainId={id} />
      <SettingsCard
        title="DKIM selectors"
        description="The selectors your mail is signed with."
        canWrite={canWrite}
        readOnlyText="Read-only: your role cannot change domains."
        saved={update.isSuccess}
      >
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ id, dkimSelectors: parseSelectors(selectors) });
          }}
        >
          <SelectorsInput value={selectors} onChange={setSelectors} disabled={!canWrite} />
          <FormError error={update.error} />
          {canWrite ? (
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          ) : null}
        </form>
      </SettingsCard>
      {canWrite ? (
        <RemoveCard
          what="domain"
          description="Stops its checks and removes its history."
          removal={remove}
          onConfirm={() => remove.mutate({ id })}
        />
      ) : null}
    </Page>
  );
}
