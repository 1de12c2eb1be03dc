"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Badge, buttonClass, Card, EmptyState, LoadingRows, Notice, PageHeader, Table, Td } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

export default function ServersPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const servers = useQuery(trpc.server.list.queryOptions());
  const health = (
    <Link href={org.href("servers/health")} className={buttonClass("secondary")}>
      <Icon name="chart" className="size-4" /> Port health
    </Link>
  );
  const add = org.can("servers.write") ? (
    <Link href={org.href("servers/new")} className={buttonClass()}>
      <Icon name="plus" className="size-4" /> Add server
    </Link>
  ) : null;
  return (
    <>
      <PageHeader title="Mail servers" description="The servers we probe on ports 25, 587 and 465: banner, TLS, AUTH and timings."
        actions={
          <span className="flex gap-2">
            {health}
            {add}
          </span>
        }
      />
      {servers.error ? <Notice>{errorMessage(servers.error)}</Notice> : null}
      {servers.isPending ? (
        <LoadingRows />
      ) : servers.data?.length === 0 ? (
        <EmptyState icon={<Icon name="server" className="size-10" />} title="No mail servers yet" action={add}>
          Add the servers your apps send through. We will check that they answer on every port, with valid TLS, day and night.
        </EmptyState>
      ) : servers.data ? (
        <Card>
          <Table head={["Hostname", "Role", "Ports", "AUTH", ""]}>
            {servers.data.map((s) => (
              <tr key={s.id} className="hover:bg-slate-50">
                <Td className="font-medium text-slate-900">
                  <Link href={org.href(`servers/${s.id}`)} className="hover:text-brand-600">
                    {s.hostname}
                  </Link>
                  {s.isLab ? <span className="ml-2"><Badge tone="amber">lab</Badge></span> : null}
                </Td>
                <Td className="capitalize">{s.role.toLowerCase()}</Td>
                <Td>
                  <span className="flex gap-1">
                    {([["25", s.port25], ["587", s.port587], ["465", s.port465]] as const).map(([p, on]) => (
                      <Badge key={p} tone={on ? "blue" : "slate"}>
                        {on ? p : <s>{p}</s>}
                      </Badge>
                    ))}
                  </span>
                </Td>
                <Td>{s.authUsername ? <span title={s.hasAuthPassword ? "password stored" : "no password"}>{s.authUsername}</span> : <span className="text-slate-400">—</span>}</Td>
                <Td className="text-right">
                  <Link href={org.href(`servers/${s.id}`)} className="text-sm font-medium text-brand-600 hover:text-brand-700">
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
