"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams, useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { Button, Card, CardBody, CardHeader, LoadingRows, Notice, PageHeader } from "@inboxwatch/ui";

import { ConfirmButton } from "~/components/confirm-button";
import { useOrg } from "~/components/org-context";
import { DomainHealth } from "~/components/dns-health/domain-health";
import { errorMessage, useTRPC } from "~/trpc/react";
import { parseSelectors, SelectorsInput } from "../domain-form";
import { MailExchangers } from "./mail-exchangers";

export default function DomainPage() {
  const { id } = useParams<{ id: string }>();
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const domain = useQuery(trpc.domains.byId.queryOptions({ id }));
  const [selectors, setSelectors] = useState("");
  useEffect(() => {
    if (domain.data) setSelectors(domain.data.dkimSelectors.join(", "));
  }, [domain.data]);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.domains.pathKey() });
  const update = useMutation(trpc.domains.update.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(
    trpc.domains.remove.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        router.push(org.href("domains"));
      },
    }),
  );
  const canWrite = org.can("domains.write");
  if (domain.error) return <Notice title="Cannot show this domain">{errorMessage(domain.error)}</Notice>;
  if (!domain.data) return <LoadingRows rows={4} />;
  return (
    <>
      <PageHeader title={domain.data.domain} description={`Sending domain · added ${domain.data.createdAt.toLocaleDateString()}`} />
      <DomainHealth id={id} />
      <MailExchangers domainId={id} />
      <Card>
        <CardHeader
          title="DKIM selectors"
          description={canWrite ? "The selectors your mail is signed with." : "Read-only: your role cannot change domains."}
        />
        <CardBody>
          <form
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              update.mutate({ id, dkimSelectors: parseSelectors(selectors) });
            }}
          >
            <SelectorsInput value={selectors} onChange={setSelectors} disabled={!canWrite} />
            {update.error ? <Notice>{errorMessage(update.error)}</Notice> : null}
            {update.isSuccess ? <Notice tone="green">Saved.</Notice> : null}
            {canWrite ? (
              <Button type="submit" loading={update.isPending}>
                Save
              </Button>
            ) : null}
          </form>
        </CardBody>
      </Card>
      {canWrite ? (
        <Card className="mt-6 border-red-200">
          <CardHeader
            title="Remove this domain"
            description="Stops its checks and removes its history."
            actions={
              <ConfirmButton loading={remove.isPending} onConfirm={() => remove.mutate({ id })} confirmLabel="Remove domain">
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
