"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Badge, buttonClass, Card, EmptyState, LoadingRows, Notice, PageHeader, Table, Td } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

export default function IpsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const ips = useQuery(trpc.ip.list.queryOptions());
  // The same count as Settings → Blocklists: the IP lists this organization has enabled.
  const lists = useQuery(trpc.dnsCheck.blocklists.queryOptions());
  const ipLists = lists.data?.filter((l) => l.enabled && l.kind === "ip").length;
  const add = org.can("ips.write") ? (
    <Link href={org.href("ips/new")} className={buttonClass()}>
      <Icon name="plus" className="size-4" /> Add IP
    </Link>
  ) : null;
  return (
    <>
      <PageHeader title="Sending IPs" description={`The addresses your mail leaves from: we watch reverse DNS, HELO alignment and ${ipLists === undefined ? "the enabled" : ipLists} IP blocklists.`} actions={add} />
      {ips.error ? <Notice>{errorMessage(ips.error)}</Notice> : null}
      {ips.isPending ? (
        <LoadingRows />
      ) : ips.data?.length === 0 ? (
        <EmptyState icon={<Icon name="ip" className="size-10" />} title="No sending IPs yet" action={add}>
          Add the public IPs of your outgoing servers, grouped in pools if you use several.
        </EmptyState>
      ) : ips.data ? (
        <Card>
          <Table head={["Address", "Version", "Pool", "Sends for", "Expected HELO", ""]}>
            {ips.data.map((ip) => (
              <tr key={ip.id} className="hover:bg-slate-50">
                <Td className="font-mono font-medium text-slate-900">
                  <Link href={org.href(`ips/${ip.id}`)} className="hover:text-brand-600">
                    {ip.address}
                  </Link>
                </Td>
                <Td>
                  <Badge tone={ip.address.includes(":") ? "blue" : "slate"}>{ip.address.includes(":") ? "IPv6" : "IPv4"}</Badge>
                </Td>
                <Td>{ip.pool ?? <span className="text-slate-400">—</span>}</Td>
                <Td className="font-mono text-xs">{ip.domains.length > 0 ? ip.domains.map((d) => d.domain).join(", ") : <span className="font-sans text-slate-400">no domain linked</span>}</Td>
                <Td>{ip.expectedHelo ?? <span className="text-slate-400">—</span>}</Td>
                <Td className="text-right">
                  <Link href={org.href(`ips/${ip.id}`)} className="text-sm font-medium text-brand-600">
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
