"use client";

import { useQuery } from "@tanstack/react-query";

import { Field, Input, Select } from "@inboxwatch/ui";

import { useTRPC } from "~/trpc/react";

/**
 * The thing a rule watches, picked from the organization's inventory instead of typed as an id: a domain,
 * an IP, a server, or one port of a server (`<serverId>:<port>`, the id the probe monitors report under).
 * Pools and providers are names, typed.
 */
export function ScopePicker({ type, value, onChange }: { type: string; value: string; onChange: (id: string) => void }) {
  const trpc = useTRPC();
  const servers = useQuery({ ...trpc.servers.list.queryOptions(), enabled: type === "server" || type === "port" });
  const domains = useQuery({ ...trpc.domains.list.queryOptions(), enabled: type === "domain" });
  const ips = useQuery({ ...trpc.ips.list.queryOptions(), enabled: type === "ip" });

  let options: { id: string; label: string }[] | null = null;
  if (type === "domain") options = (domains.data ?? []).map((d) => ({ id: d.id, label: d.domain }));
  if (type === "ip") options = (ips.data ?? []).map((i) => ({ id: i.id, label: i.pool ? `${i.address} (${i.pool})` : i.address }));
  if (type === "server") options = (servers.data ?? []).map((s) => ({ id: s.id, label: s.hostname }));
  if (type === "port") {
    options = (servers.data ?? []).flatMap((s) =>
      (
        [
          [25, s.port25],
          [587, s.port587],
          [465, s.port465],
        ] as const
      )
        .filter(([, on]) => on)
        .map(([port]) => ({ id: `${s.id}:${port}`, label: `${s.hostname} port ${port}` })),
    );
  }

  if (options === null) {
    return (
      <Field
        label={type === "pool" ? "Pool" : "Provider"}
        htmlFor="scopeId"
        hint={type === "pool" ? "The pool name of your sending IPs." : "A provider key: google, microsoft, yahoo, apple…"}
      >
        <Input id="scopeId" required value={value} onChange={(e) => onChange(e.target.value)} />
      </Field>
    );
  }
  return (
    <Field
      label={type === "port" ? "Port" : type === "ip" ? "IP" : type[0]?.toUpperCase() + type.slice(1)}
      htmlFor="scopeId"
      hint={options.length === 0 ? `No ${type === "port" ? "server" : type} in your inventory yet.` : undefined}
    >
      <Select id="scopeId" required value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** Names a rule's scope from the inventory ("mx1.example.com port 25"), falling back to the stored id. */
export function useScopeLabel(): (type: string, id: string | null) => string {
  const trpc = useTRPC();
  const servers = useQuery(trpc.servers.list.queryOptions());
  const domains = useQuery(trpc.domains.list.queryOptions());
  const ips = useQuery(trpc.ips.list.queryOptions());
  return (type, id) => {
    if (!id) return type === "organization" ? "Whole organization" : type;
    const [serverId, port] = id.split(":");
    const label =
      type === "domain"
        ? domains.data?.find((d) => d.id === id)?.domain
        : type === "ip"
          ? ips.data?.find((i) => i.id === id)?.address
          : type === "server"
            ? servers.data?.find((s) => s.id === id)?.hostname
            : type === "port"
              ? servers.data?.find((s) => s.id === serverId)?.hostname.concat(` port ${port ?? ""}`)
              : id;
    return `${type}: ${label ?? id}`;
  };
}
