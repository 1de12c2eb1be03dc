"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { Badge, Button, Card, EmptyState, Field, Input, LoadingRows, Notice, PageHeader, Select, Table, Td } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

type ActorType = "USER" | "API_KEY" | "SYSTEM";
const ACTOR_TONE = { USER: "blue", API_KEY: "amber", SYSTEM: "slate" } as const;

export default function AuditPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const [action, setAction] = useState("");
  const [actorType, setActorType] = useState<ActorType | "">("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const filters = {
    action: action || undefined,
    actorType: actorType || undefined,
    from: from ? new Date(from) : undefined,
    to: to ? new Date(`${to}T23:59:59`) : undefined,
  };
  const enabled = org.can("audit.read");
  const actions = useQuery({ ...trpc.audit.actions.queryOptions(), enabled });
  const log = useInfiniteQuery({
    ...trpc.audit.list.infiniteQueryOptions(filters, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
    enabled,
  });
  if (!enabled) return <Notice tone="amber">Your role cannot read the audit log.</Notice>;
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change in this organization: who (person, API key or system job), what, on which object, when. Kept 365 days."
      />
      <Card className="mb-4 p-4">
        <div className="grid gap-4 sm:grid-cols-4">
          <Field label="Action" htmlFor="f-action">
            <Select id="f-action" value={action} onChange={(e) => setAction(e.target.value)}>
              <option value="">All actions</option>
              {actions.data?.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Actor" htmlFor="f-actor">
            <Select id="f-actor" value={actorType} onChange={(e) => setActorType(e.target.value as ActorType | "")}>
              <option value="">Anyone</option>
              <option value="USER">People</option>
              <option value="API_KEY">API keys</option>
              <option value="SYSTEM">System</option>
            </Select>
          </Field>
          <Field label="From" htmlFor="f-from">
            <Input id="f-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </Field>
          <Field label="To" htmlFor="f-to">
            <Input id="f-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </Field>
        </div>
      </Card>
      {log.error ? <Notice>{errorMessage(log.error)}</Notice> : null}
      {log.isPending ? (
        <LoadingRows rows={6} />
      ) : rows.length === 0 ? (
        <EmptyState icon={<Icon name="list" className="size-10" />} title="Nothing recorded for these filters">
          Changes to servers, domains, IPs, members and keys appear here as they happen.
        </EmptyState>
      ) : (
        <Card>
          <Table head={["When", "Actor", "Action", "Target", "Details"]}>
            {rows.map((r) => (
              <tr key={r.id}>
                <Td className="text-slate-500">{r.createdAt.toLocaleString()}</Td>
                <Td>
                  <span className="flex items-center gap-2">
                    <Badge tone={ACTOR_TONE[r.actorType]}>{r.actorType === "API_KEY" ? "key" : r.actorType.toLowerCase()}</Badge>
                    <span className="max-w-[14rem] truncate">{r.actorLabel}</span>
                  </span>
                </Td>
                <Td className="font-mono text-xs text-slate-800">{r.action}</Td>
                <Td className="text-slate-600">{r.targetType}</Td>
                <Td className="max-w-sm truncate font-mono text-xs text-slate-500">{r.metadata ? JSON.stringify(r.metadata) : ""}</Td>
              </tr>
            ))}
          </Table>
          {log.hasNextPage ? (
            <div className="border-t border-slate-100 p-3 text-center">
              <Button variant="secondary" size="sm" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                Load older entries
              </Button>
            </div>
          ) : null}
        </Card>
      )}
    </>
  );
}
