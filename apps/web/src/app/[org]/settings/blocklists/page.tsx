"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { Notice } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";
import { BlocklistForm } from "./blocklist-form";
import { CatalogueTable } from "./catalogue-table";

/** The DNSBL catalogue as this organization uses it: disable a list, or add a private one. */
export default function BlocklistsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lists = useQuery(trpc.dnsCheck.blocklists.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.dnsCheck.blocklists.list.queryKey() });
  const setEnabled = useMutation(trpc.dnsCheck.blocklists.setEnabled.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.dnsCheck.blocklists.remove.mutationOptions({ onSuccess: invalidate }));
  const canWrite = org.can("domains.write");
  const error = errorMessage(setEnabled.error) ?? errorMessage(remove.error);
  return (
    <Page
      title="Blocklists"
      description="The DNS blocklists every sending IP and domain is checked against. Changes apply from the next check."
      breadcrumbs={[{ label: "Settings", href: org.href("settings") }, { label: "Blocklists" }]}
    >
      {canWrite ? <BlocklistForm onAdded={invalidate} /> : null}
      {error ? (
        <div className="mb-4">
          <Notice>{error}</Notice>
        </div>
      ) : null}
      <CatalogueTable
        rows={lists.data}
        error={errorMessage(lists.error)}
        actions={{
          canWrite,
          pendingZone: setEnabled.isPending ? setEnabled.variables.zone : null,
          setEnabled: (l) => setEnabled.mutate({ zone: l.zone, enabled: !l.enabled }),
          remove: (l) => remove.mutate({ zone: l.zone }),
        }}
      />
    </Page>
  );
}
