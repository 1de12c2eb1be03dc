"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { Notice } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";
import { ApiKeysTable } from "./api-keys-table";
import { CreateKeyCard } from "./create-key-card";

export default function ApiKeysPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery({ ...trpc.apiKeys.list.queryOptions(), enabled: org.can("apikeys.read") });
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() }) }),
  );
  const canWrite = org.can("apikeys.write");
  if (!org.can("apikeys.read")) return <Notice tone="amber">Your role cannot see API keys.</Notice>;
  return (
    <Page
      title="API keys"
      description="Keys authenticate machines on the REST API (/api/v1, OpenAPI at /api/v1/openapi.json). They are stored hashed; revoking one takes effect at once."
      breadcrumbs={[{ label: "Settings", href: org.href("settings") }, { label: "API keys" }]}
    >
      <div className="space-y-6">
        {canWrite ? <CreateKeyCard /> : null}
        {revoke.error ? <Notice>{errorMessage(revoke.error)}</Notice> : null}
        <ApiKeysTable
          rows={keys.data}
          error={errorMessage(keys.error)}
          revoke={canWrite ? { run: (id) => revoke.mutate({ id }), pending: revoke.isPending } : null}
        />
      </div>
    </Page>
  );
}
