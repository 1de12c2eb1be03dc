"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import {
  Badge,
  Button,
  Card,
  CardBody,
  CardHeader,
  Field,
  Input,
  LoadingRows,
  Notice,
  PageHeader,
  Select,
  Table,
  Td,
} from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

const EMPTY = { zone: "", name: "", kind: "ip" as "ip" | "domain", weight: "5", delistUrl: "" };

/** The DNSBL catalogue as this organization uses it: disable a list, or add a private one. */
export default function BlocklistsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lists = useQuery(trpc.dnsCheck.blocklists.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.dnsCheck.blocklists.list.queryKey() });
  const setEnabled = useMutation(trpc.dnsCheck.blocklists.setEnabled.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.dnsCheck.blocklists.remove.mutationOptions({ onSuccess: invalidate }));
  const add = useMutation(
    trpc.dnsCheck.blocklists.create.mutationOptions({
      onSuccess: async () => {
        setForm(EMPTY);
        await invalidate();
      },
    }),
  );
  const canWrite = org.can("domains.write");
  const [form, setForm] = useState(EMPTY);
  const error = errorMessage(setEnabled.error) ?? errorMessage(remove.error);
  return (
    <>
      <PageHeader
        title="Blocklists"
        description="The DNS blocklists every sending IP and domain is checked against. Changes apply from the next check."
      />
      {canWrite ? (
        <Card className="mb-6">
          <CardHeader
            title="Add a private list"
            description="A DNSBL zone of your own or a partner's, queried like the built-in ones (RFC 5782)."
          />
          <CardBody>
            <form
              className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5"
              onSubmit={(e) => {
                e.preventDefault();
                add.mutate({ zone: form.zone, name: form.name, kind: form.kind, weight: Number(form.weight), delistUrl: form.delistUrl });
              }}
            >
              <Field label="Zone" htmlFor="bl-zone">
                <Input
                  id="bl-zone"
                  required
                  placeholder="bl.example.net"
                  value={form.zone}
                  onChange={(e) => setForm({ ...form, zone: e.target.value })}
                />
              </Field>
              <Field label="Name" htmlFor="bl-name">
                <Input
                  id="bl-name"
                  required
                  placeholder="Partner list"
                  value={form.name}
                  onChange={(e) => setForm({ ...form, name: e.target.value })}
                />
              </Field>
              <Field label="Lists" htmlFor="bl-kind">
                <Select
                  id="bl-kind"
                  value={form.kind}
                  onChange={(e) => setForm({ ...form, kind: e.target.value === "domain" ? "domain" : "ip" })}
                >
                  <option value="ip">IP addresses</option>
                  <option value="domain">Domains</option>
                </Select>
              </Field>
              <Field label="Weight (1–10)" htmlFor="bl-weight" hint="How much a listing hurts delivery.">
                <Input
                  id="bl-weight"
                  type="number"
                  min={1}
                  max={10}
                  value={form.weight}
                  onChange={(e) => setForm({ ...form, weight: e.target.value })}
                />
              </Field>
              <Field label="Delisting page" htmlFor="bl-delist">
                <Input
                  id="bl-delist"
                  type="url"
                  placeholder="https://…"
                  value={form.delistUrl}
                  onChange={(e) => setForm({ ...form, delistUrl: e.target.value })}
                />
              </Field>
              <div className="sm:col-span-2 lg:col-span-5 flex items-center gap-3">
                <Button type="submit" loading={add.isPending}>
                  Add list
                </Button>
                {add.error ? <span className="text-sm text-red-700">{errorMessage(add.error)}</span> : null}
              </div>
            </form>
          </CardBody>
        </Card>
      ) : null}
      {error ? (
        <div className="mb-4">
          <Notice>{error}</Notice>
        </div>
      ) : null}
      {lists.error ? <Notice>{errorMessage(lists.error)}</Notice> : null}
      {!lists.data ? (
        <LoadingRows rows={6} />
      ) : (
        <Card>
          <CardHeader
            title="Catalogue"
            description={`${lists.data.filter((l) => l.enabled).length} of ${lists.data.length} lists enabled: ${lists.data.filter((l) => l.enabled && l.kind === "ip").length} IP blocklists and ${lists.data.filter((l) => l.enabled && l.kind === "domain").length} domain blocklists.`}
          />
          <Table head={["List", "Checks", "Weight", "Status", ""]}>
            {lists.data.map((l) => (
              <tr key={l.zone} className={l.enabled ? "" : "opacity-60"}>
                <Td>
                  <div className="font-medium text-slate-900">
                    {l.name} {l.isPrivate ? <Badge tone="blue">private</Badge> : null}
                  </div>
                  <div className="font-mono text-xs text-slate-500">{l.zone}</div>
                </Td>
                <Td>{l.kind === "ip" ? "IPs" : "Domains"}</Td>
                <Td>{l.weight}</Td>
                <Td>{l.enabled ? <Badge tone="green">enabled</Badge> : <Badge>disabled</Badge>}</Td>
                <Td className="text-right">
                  {canWrite ? (
                    <span className="flex justify-end gap-2">
                      <Button
                        size="sm"
                        variant="secondary"
                        loading={setEnabled.isPending && setEnabled.variables.zone === l.zone}
                        onClick={() => setEnabled.mutate({ zone: l.zone, enabled: !l.enabled })}
                      >
                        {l.enabled ? "Disable" : "Enable"}
                      </Button>
                      {l.isPrivate ? (
                        <Button size="sm" variant="danger" onClick={() => remove.mutate({ zone: l.zone })}>
                          Remove
                        </Button>
                      ) : null}
                    </span>
                  ) : null}
                </Td>
              </tr>
            ))}
          </Table>
        </Card>
      )}
    </>
  );
}
