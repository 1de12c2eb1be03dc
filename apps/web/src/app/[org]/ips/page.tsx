"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Badge, Sparkline, type DataColumn } from "@inboxwatch/ui";

import { GradeBadge, StatusBadge } from "~/components/dns-health/grade";
import { ListedOn } from "~/components/dns-health/listed-on";
import { AddLink, InventoryPage, latestCell, trailingColumns } from "~/components/inventory-list";
import { useOrg } from "~/components/org-context";
import { type RouterOutputs, useTRPC } from "~/trpc/react";

type IpRow = RouterOutputs["ips"]["list"][number];
type IpStatus = NonNullable<IpRow["latest"]>;

function ReverseDns({ r }: { r: IpStatus["rdns"] }) {
  if (r.grade === null && r.unknownReason !== null) return <GradeBadge grade={null} unknown reason={`Reverse DNS: ${r.unknownReason}`} />;
  return (
    <span className="flex items-center gap-1.5" title={`PTR ${r.ptr ?? "none"}; forward-confirmed: ${r.fcrdns ? "yes" : "no"}`}>
      <StatusBadge status={r.status ?? "none"} />
      <span className="max-w-36 truncate font-mono text-xs text-slate-500">{r.ptr ?? "no PTR"}</span>
    </span>
  );
}

function listingsLabel(address: string, points: { value: number | null }[]): string {
  const known = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (known.length === 0) return `${address}, blocklist listings per day over ${points.length || 14} days`;
  return `${address}, blocklist listings per day over ${points.length} days (${known.length} days checked): most ${Math.max(...known)}, latest ${known.at(-1)}`;
}

function AddressCell({ ip, href }: { ip: IpRow; href: string }) {
  return (
    <>
      <Link href={href} className="hover:text-brand-600">
        {ip.address}
      </Link>
      {ip.address.includes(":") ? (
        <span className="ml-2 font-sans">
          <Badge tone="blue">IPv6</Badge>
        </span>
      ) : null}
      <div className="mt-0.5 max-w-64 whitespace-normal font-sans text-xs font-normal text-slate-500">
        {ip.pool ? <span className="mr-3">pool {ip.pool}</span> : null}
        {ip.domains.length > 0 ? (
          <span title="The domains this IP sends for">sends for {ip.domains.map((d) => d.domain).join(", ")}</span>
        ) : (
          <span className="text-slate-500">no domain linked</span>
        )}
      </div>
    </>
  );
}

export default function IpsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const ips = useQuery(trpc.ips.list.queryOptions());
  // The same count as Settings → Blocklists: the IP lists this organization has enabled.
  const lists = useQuery(trpc.dnsCheck.blocklists.list.queryOptions());
  const ipLists = lists.data?.filter((l) => l.enabled && l.kind === "ip").length;
  const add = org.can("ips.write") ? <AddLink href={org.href("ips/new")} label="Add IP" /> : null;
  const columns: DataColumn<IpRow>[] = [
    {
      id: "address",
      header: "Address",
      sortValue: (ip) => ip.address,
      className: "font-mono font-medium text-slate-900",
      cell: (ip) => <AddressCell ip={ip} href={org.href(`ips/${ip.id}`)} />,
    },
    {
      id: "listings",
      header: "Listings",
      sortValue: (ip) => ip.latest?.blocklists.listed,
      cell: (ip) => latestCell(ip.latest, (l) => <ListedOn summary={l.blocklists} />, true),
    },
    {
      id: "grade",
      header: "Grade",
      sortValue: (ip) => ip.latest?.grade,
      cell: (ip) =>
        latestCell(ip.latest, (l) => (
          <GradeBadge
            grade={l.grade}
            unknown
            reason={l.worstMessage ?? "The lookups failed or were refused; open the IP for the reason."}
          />
        )),
    },
    { id: "rdns", header: "Reverse DNS", cell: (ip) => latestCell(ip.latest, (l) => <ReverseDns r={l.rdns} />) },
    {
      id: "trend",
      header: "14 days",
      cell: (ip) => (
        <Sparkline values={ip.listingHistory.map((p) => p.value)} min={0} tone="red" label={listingsLabel(ip.address, ip.listingHistory)} />
      ),
    },
    ...trailingColumns<IpRow>(
      (ip) => ip.latest?.checkedAt,
      (ip) => org.href(`ips/${ip.id}`),
    ),
  ];
  return (
    <InventoryPage
      area="ips"
      description={`The addresses your mail leaves from: we watch reverse DNS, HELO alignment and ${ipLists === undefined ? "the enabled" : ipLists} IP blocklists.`}
      add={add}
      query={ips}
      columns={columns}
    />
  );
}
