"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent, useState } from "react";

import {
  Badge,
  Button,
  buttonClass,
  Card,
  CardBody,
  CardHeader,
  EmptyState,
  Field,
  Input,
  LoadingRows,
  Notice,
  PageHeader,
  Select,
  Table,
  Td,
} from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

type ScopeType = "organization" | "domain" | "ip" | "server";

/** "2026-11-28T09:30" in local time, the value format of <input type="datetime-local">. */
function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function windowState(w: { startsAt: Date; endsAt: Date }, now: number): "active" | "planned" | "over" {
  if (w.endsAt.getTime() <= now) return "over";
  return w.startsAt.getTime() <= now ? "active" : "planned";
}

const STATE_TONE = { active: "amber", planned: "blue", over: "slate" } as const;

export default function MaintenancePage() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = org.can("alerts.write");
  const windows = useQuery(trpc.alerts.maintenance.list.queryOptions(undefined, { refetchInterval: 30_000 }));
  const domains = useQuery(trpc.domains.list.queryOptions(undefined, { enabled: org.can("domains.read") }));
  const ips = useQuery(trpc.ips.list.queryOptions(undefined, { enabled: org.can("ips.read") }));
  const servers = useQuery(trpc.servers.list.queryOptions(undefined, { enabled: org.can("servers.read") }));

  const [scopeType, setScopeType] = useState<ScopeType>("organization");
  const [scopeId, setScopeId] = useState("");
  const [reason, setReason] = useState("");
  const [startsAt, setStartsAt] = useState(() => localInput(new Date()));
  const [endsAt, setEndsAt] = useState(() => localInput(new Date(Date.now() + 2 * 3_600_000)));

  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const create = useMutation(
    trpc.alerts.maintenance.create.mutationOptions({
      onSuccess: async () => {
        setReason("");
        await invalidate();
      },
    }),
  );
  const end = useMutation(trpc.alerts.maintenance.end.mutationOptions({ onSuccess: invalidate }));

  const options: Record<Exclude<ScopeType, "organization">, { id: string; label: string }[]> = {
    domain: (domains.data ?? []).map((d) => ({ id: d.id, label: d.domain })),
    ip: (ips.data ?? []).map((i) => ({ id: i.id, label: i.pool ? `${i.address} (${i.pool})` : i.address })),
    server: (servers.data ?? []).map((s) => ({ id: s.id, label: s.hostname })),
  };
  const labels = new Map(
    Object.values(options)
      .flat()
      .map((o) => [o.id, o.label]),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    const scope = scopeType === "organization" ? { type: "organization" as const } : { type: scopeType, id: scopeId };
    create.mutate({ name: reason, scope, startsAt: new Date(startsAt), endsAt: new Date(endsAt) });
  }

  const now = Date.now();
  const actions = (
    <Link href={org.href("alerts")} className={buttonClass("secondary")}>
      Incidents
    </Link>
  );
  return (
    <>
      <PageHeader
        title="Maintenance windows"
        description="Mute a scope during planned work: while a window is active, its rules open no incident and notify no one."
        actions={actions}
      />
      {canWrite ? (
        <Card className="mb-4">
          <CardHeader title="Plan a window" description="Windows last at most 7 days. A window on the organization mutes every rule." />
          <CardBody>
            <form onSubmit={submit} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              <Field label="Scope" htmlFor="scopeType">
                <Select
                  id="scopeType"
                  value={scopeType}
                  onChange={(e) => {
                    setScopeType(e.target.value as ScopeType);
                    setScopeId("");
                  }}
                >
                  <option value="organization">Whole organization</option>
                  <option value="domain">Sending domain</option>
                  <option value="ip">Sending IP</option>
                  <option value="server">Mail server</option>
                </Select>
              </Field>
              {scopeType !== "organization" ? (
                <Field
                  label="Which"
                  htmlFor="scopeId"
                  hint={options[scopeType].length === 0 ? "Nothing of this kind yet: add it in its section first." : undefined}
                >
                  <Select id="scopeId" required value={scopeId} onChange={(e) => setScopeId(e.target.value)}>
                    <option value="">Choose…</option>
                    {options[scopeType].map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.label}
                      </option>
                    ))}
                  </Select>
                </Field>
              ) : null}
              <Field label="Reason" htmlFor="reason">
                <Input
                  id="reason"
                  required
                  maxLength={200}
                  placeholder="MTA upgrade"
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              </Field>
              <Field label="Starts" htmlFor="startsAt">
                <Input id="startsAt" type="datetime-local" required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
              </Field>
              <Field label="Ends" htmlFor="endsAt">
                <Input id="endsAt" type="datetime-local" required value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
              </Field>
              <div className="flex items-end">
                <Button type="submit" loading={create.isPending}>
                  Create window
                </Button>
              </div>
            </form>
            {create.error ? (
              <div className="mt-3">
                <Notice>{errorMessage(create.error)}</Notice>
              </div>
            ) : null}
          </CardBody>
        </Card>
      ) : null}
      {windows.error ? <Notice>{errorMessage(windows.error)}</Notice> : null}
      {end.error ? <Notice>{errorMessage(end.error)}</Notice> : null}
      {windows.isPending ? (
        <LoadingRows />
      ) : windows.data?.length === 0 ? (
        <EmptyState icon={<Icon name="bell" className="size-10" />} title="No maintenance windows">
          {canWrite
            ? "Plan one above before you restart a server or move an IP, so the work does not page anyone."
            : "An admin or ops member can plan one before planned work."}
        </EmptyState>
      ) : windows.data ? (
        <Card>
          <Table head={["Reason", "Scope", "Starts", "Ends", "State", ""]}>
            {windows.data.map((w) => {
              const state = windowState(w, now);
              return (
                <tr key={w.id}>
                  <Td className="font-medium text-slate-900">{w.name}</Td>
                  <Td>
                    {w.scopeType === "organization"
                      ? "Whole organization"
                      : `${w.scopeType} ${w.scopeId ? (labels.get(w.scopeId) ?? w.scopeId) : ""}`}
                  </Td>
                  <Td>{w.startsAt.toLocaleString()}</Td>
                  <Td>{w.endsAt.toLocaleString()}</Td>
                  <Td>
                    <Badge tone={STATE_TONE[state]}>{state}</Badge>
                  </Td>
                  <Td className="text-right">
                    {canWrite && state !== "over" ? (
                      <button
                        type="button"
                        className="text-sm font-medium text-brand-600 hover:text-brand-700"
                        onClick={() => end.mutate({ id: w.id })}
                      >
                        {state === "active" ? "End now" : "Cancel"}
                      </button>
                    ) : null}
                  </Td>
                </tr>
              );
            })}
          </Table>
        </Card>
      ) : null}
    </>
  );
}
