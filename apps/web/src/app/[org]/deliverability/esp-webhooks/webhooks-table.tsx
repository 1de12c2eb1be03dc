"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { ConfirmButton, type DataColumn, DataTable } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, type RouterOutputs, useTRPC } from "~/trpc/react";

import { providerLabel, webhookUrl } from "./providers";

type Row = RouterOutputs["deliverability"]["espWebhooks"]["list"][number];

const when = (d: Date | null) => (d ? new Date(d).toISOString().slice(0, 16).replace("T", " ") : "Never");

export function EspWebhooksTable() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  const list = useQuery(trpc.deliverability.espWebhooks.list.queryOptions());
  const remove = useMutation(
    trpc.deliverability.espWebhooks.remove.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.deliverability.espWebhooks.list.queryKey() }),
    }),
  );
  const columns: DataColumn<Row>[] = [
    {
      id: "label",
      header: "Name",
      cell: (r) => <span className="font-medium text-slate-900">{r.label}</span>,
      sortValue: (r) => r.label,
      csv: (r) => r.label,
    },
    { id: "provider", header: "ESP", cell: (r) => providerLabel(r.provider), sortValue: (r) => r.provider, csv: (r) => r.provider },
    {
      id: "url",
      header: "URL",
      cell: (r) => <code className="break-all font-mono text-xs text-slate-700">{webhookUrl(origin, r.id)}</code>,
      className: "whitespace-normal max-w-md",
    },
    {
      id: "last",
      header: "Last call",
      cell: (r) => when(r.lastEventAt),
      sortValue: (r) => (r.lastEventAt ? new Date(r.lastEventAt).getTime() : null),
    },
    {
      id: "batches",
      header: "Calls stored",
      align: "right",
      cell: (r) => r.batchesReceived.toLocaleString("en-US"),
      sortValue: (r) => r.batchesReceived,
    },
  ];
  if (org.can("integrations.write")) {
    columns.push({
      id: "actions",
      header: <span className="sr-only">Actions</span>,
      align: "right",
      cell: (r) => (
        <ConfirmButton confirmLabel="Remove" onConfirm={() => remove.mutate({ id: r.id })} loading={remove.isPending}>
          Remove
        </ConfirmButton>
      ),
    });
  }
  return (
    <DataTable
      columns={columns}
      rows={list.data}
      rowKey={(r) => r.id}
      caption="ESP webhooks"
      error={list.error ? errorMessage(list.error) : null}
      onRetry={() => void list.refetch()}
      empty={{ title: "No ESP webhook yet", hint: "Add one below to receive opens, clicks, bounces and complaints from your ESP." }}
    />
  );
}
