"use client";

import Link from "next/link";
import type { ReactNode } from "react";

import { buttonClass, DataTable, LoadingRows, shortDuration, type DataColumn } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
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
