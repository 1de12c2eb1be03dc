"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Badge, Card, EmptyState, LoadingRows, Notice, PageHeader, Table, Td } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

export default function DomainsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const domains = useQuery(trpc.domain.list.queryOptions());
  const add = org.can("domains.write") ? (
    <Link href={org.href("domains/new")} className="inline-flex items-center gap-2 rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700">
      <Icon name="plus" className="size-4" /> Add domain
    </Link>
  ) : null;
  return (
    <>
      <PageHeader title="Sending domains" description="The domains in your From addresses: we check SPF, DKIM, DMARC, BIMI, MTA-STS and blocklists for each." actions={add} />
      {domains.error ? <Notice>{errorMessage(domains.error)}</Notice> : null}
      {domains.isPending ? (
        <LoadingRows />
      ) : domains.data?.length === 0 ? (
        <EmptyState icon={<Icon name="globe" className="size-10" />} title="No sending domains yet" action={add}>
          Add the domains you send from. List your DKIM selectors so we can check every key.
        </EmptyState>
      ) : domains.data ? (
        <Card>
          <Table head={["Domain", "DKIM selectors", "Added", ""]}>
            {domains.data.map((d) => (
              <tr key={d.id} className="hover:bg-slate-50">
                <Td className="font-medium text-slate-900">
                  <Link href={org.href(`domains/${d.id}`)} className="hover:text-brand-600">
                    {d.domain}
                  </Link>
                </Td>
                <Td>
                  <span className="flex flex-wrap gap-1">
                    {d.dkimSelectors.length ? d.dkimSelectors.map((s) => <Badge key={s}>{s}</Badge>) : <span className="text-slate-400">none listed</span>}
                  </span>
                </Td>
                <Td className="text-slate-500">{d.createdAt.toLocaleDateString()}</Td>
                <Td className="text-right">
                  <Link href={org.href(`domains/${d.id}`)} className="text-sm font-medium text-brand-600">
                    Details →
                  </Link>
                </Td>
              </tr>
            ))}
          </Table>
        </Card>
      ) : null}
    </>
  );
}
