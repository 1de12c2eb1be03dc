"use client";

import Link from "next/link";
import type { ReactNode } from "react";

import { buttonClass, DataTable, LoadingRows, shortDuration, type DataColumn } from "@inboxwatch/ui";

import { Page } from "~/components/page";

import { Icon, type IconName } from "~/components/icons";
import { errorMessage } from "~/trpc/react";

/** The pieces the servers, domains and IPs lists share: their add button, their table, the link to a row's page. */

export function AddLink({ href, label }: { href: string; label: string }) {
  return (
    <Link href={href} className={buttonClass()}>
      <Icon name="plus" className="size-4" /> {label}
    </Link>
  );
}

export function DetailsLink({ href }: { href: string }) {
  return (
    <Link href={href} className="text-sm font-medium text-brand-600 hover:text-brand-700">
      Details →
    </Link>
  );
}

/** "3 min ago", the exact time as its tooltip; a dash before the first check. */
export function CheckedAgo({ at }: { at: Date | undefined }) {
  return at ? <span title={at.toLocaleString()}>{shortDuration(at)} ago</span> : <>—</>;
}

/**
 * An inventory list: skeleton rows until the first answer (the table appears with its real rows only, so a
 * row count read right after it shows is the real one), then every row (these lists are short) or what to do
 * when there is none.
 */
export function InventoryTable<T>({
  query,
  columns,
  rowKey,
  caption,
  empty,
}: {
  query: { data: T[] | undefined; error: unknown; isPending: boolean };
  columns: DataColumn<T>[];
  rowKey: (row: T) => string;
  caption: string;
  empty: { title: ReactNode; hint: ReactNode; action: ReactNode; icon: ReactNode };
}) {
  if (query.isPending && !query.error) return <LoadingRows />;
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={query.data ?? []}
      error={query.error ? errorMessage(query.error) : null}
      rowKey={rowKey}
      rowClassName={() => "hover:bg-slate-50"}
      pageSize={0}
      empty={empty}
    />
  );
}

/** The two last columns of every inventory list: when the row was last checked, and the link to its page. */
export function trailingColumns<T>(checkedAt: (row: T) => Date | undefined, href: (row: T) => string): DataColumn<T>[] {
  return [
    {
      id: "checked",
      header: "Checked",
      sortValue: checkedAt,
      className: "text-xs text-slate-500",
      cell: (row) => <CheckedAgo at={checkedAt(row)} />,
    },
    { id: "details", header: "", align: "right", cell: (row) => <DetailsLink href={href(row)} /> },
  ];
}

/** A cell of the latest check, or (in the first such cell of the row) "not checked yet" before the first check. */
export function latestCell<L>(latest: L | null | undefined, cell: (latest: L) => ReactNode, first = false): ReactNode {
  if (latest) return cell(latest);
  return <span className="text-slate-500">{first ? "not checked yet" : "—"}</span>;
}

/** What each inventory page says: its title, what it watches, and what to do while it is empty. */
const INVENTORY_PAGES = {
  servers: {
    title: "Mail servers",
    description: "The servers we probe on ports 25, 587, 465 and any custom port: state per port, latency, banner, TLS, AUTH and timings.",
    icon: "server",
    emptyTitle: "No mail servers yet",
    emptyHint: "Add the servers your apps send through. We will check that they answer on every port, with valid TLS, day and night.",
  },
  domains: {
    title: "Sending domains",
    description: "The domains in your From addresses: we check SPF, DKIM, DMARC, BIMI, MTA-STS and blocklists for each.",
    icon: "globe",
    emptyTitle: "No sending domains yet",
    emptyHint: "Add the domains you send from. List your DKIM selectors so we can check every key.",
  },
  ips: {
    title: "Sending IPs",
    description: "The addresses your mail leaves from: we watch reverse DNS, HELO alignment and the enabled IP blocklists.",
    icon: "ip",
    emptyTitle: "No sending IPs yet",
    emptyHint: "Add the public IPs of your outgoing servers, grouped in pools if you use several.",
  },
} as const satisfies Record<string, { title: string; description: string; icon: IconName; emptyTitle: string; emptyHint: string }>;

/**
 * An inventory page: its title, what it watches, its actions (the add button, which the empty state offers
 * too), and the list of its rows by id.
 */
export function InventoryPage<T extends { id: string }>({
  area,
  description,
  add,
  actions = add,
  query,
  columns,
}: {
  area: keyof typeof INVENTORY_PAGES;
  /** Overrides the page's description (one that names a figure the page loads). */
  description?: string;
  add: ReactNode;
  actions?: ReactNode;
  query: { data: T[] | undefined; error: unknown; isPending: boolean };
  columns: DataColumn<T>[];
}) {
  const page = INVENTORY_PAGES[area];
  return (
    <Page title={page.title} description={description ?? page.description} actions={actions}>
      <InventoryTable
        query={query}
        columns={columns}
        rowKey={(row) => row.id}
        caption={page.title}
        empty={{ icon: <Icon name={page.icon} className="size-10" />, title: page.emptyTitle, hint: page.emptyHint, action: add }}
      />
    </Page>
  );
}
