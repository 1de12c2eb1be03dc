"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { API_KEY_SCOPES, type TApiKeyScope } from "@inboxwatch/services/permissions";
import {
  Badge,
  Button,
  Card,
  CardBody,
  CardHeader,
  Checkbox,
  EmptyState,
  Field,
  Input,
  LoadingRows,
  Notice,
  PageHeader,
  Table,
  Td,
} from "@inboxwatch/ui";

import { ConfirmButton } from "~/components/confirm-button";
import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

const SCOPE_HELP: Record<TApiKeyScope, string> = {
  "org.read": "Read the organization",
  "servers.read": "Read mail servers",
  "servers.write": "Change mail servers",
  "domains.read": "Read domains and their checks",
  "domains.write": "Change domains",
  "ips.read": "Read IPs and blocklist status",
  "ips.write": "Change IPs",
  "reports.read": "Read reports and deliverability data",
  "alerts.read": "Read alerts and incidents",
  "alerts.write": "Acknowledge and resolve incidents",
  ingest: "Send MTA logs, queue snapshots and reports",
};

function CreateKeyCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<TApiKeyScope[]>(["org.read", "ingest"]);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async () => {
        setName("");
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
      },
    }),
  );
  return (
    <Card>
      <CardHeader title="Create an API key" description="For MTAs shipping logs, scripts and the inboxwatch CLI. The key is shown once." />
      <CardBody>
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ name, scopes });
          }}
        >
          <Field label="Name" htmlFor="key-name" hint="What uses it, e.g. “postfix-eu-1 log shipper”">
            <Input id="key-name" value={name} onChange={(e) => setName(e.target.value)} required />
          </Field>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Scopes</legend>
            <div className="mt-2 grid gap-3 sm:grid-cols-2">
              {API_KEY_SCOPES.map((s) => (
                <Checkbox
                  key={s}
                  label={s}
                  description={SCOPE_HELP[s]}
                  checked={scopes.includes(s)}
                  onChange={(e) => setScopes((cur) => (e.target.checked ? [...cur, s] : cur.filter((x) => x !== s)))}
                />
              ))}
            </div>
          </fieldset>
          {create.error ? <Notice>{errorMessage(create.error)}</Notice> : null}
          <Button type="submit" loading={create.isPending}>
            Create key
          </Button>
        </form>
        {create.data ? (
          <div className="mt-4">
            <Notice tone="green" title="Copy your key now: it will not be shown again.">
              <code
                data-testid="new-api-key"
                className="mt-1 block select-all break-all rounded bg-white/70 px-2 py-1 font-mono text-xs text-slate-900"
              >
                {create.data.key}
              </code>
            </Notice>
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}

export default function ApiKeysPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery({ ...trpc.apiKeys.list.queryOptions(), enabled: org.can("apikeys.read") });
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() }) }),
  );
  const canWrite = org.can("apikeys.write");
  if (!org.can("apikeys.read")) return <Notice tone="amber">Your role cannot see API keys.</Notice>;
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys authenticate machines on the REST API (/api/v1, OpenAPI at /api/v1/openapi.json). They are stored hashed; revoking one takes effect at once."
      />
      <div className="space-y-6">
        {canWrite ? <CreateKeyCard /> : null}
        {revoke.error ? <Notice>{errorMessage(revoke.error)}</Notice> : null}
        {!keys.data ? (
          keys.error ? (
            <Notice>{errorMessage(keys.error)}</Notice>
          ) : (
            <LoadingRows />
          )
        ) : keys.data.length === 0 ? (
          <EmptyState icon={<Icon name="key" className="size-10" />} title="No API keys yet">
            Create one to ship MTA logs and reports, or to use <code>inboxwatch api</code> from scripts.
          </EmptyState>
        ) : (
          <Card>
            <Table head={["Name", "Key", "Scopes", "Last used", "Status", ""]}>
              {keys.data.map((k) => (
                <tr key={k.id}>
                  <Td className="font-medium text-slate-900">{k.name}</Td>
                  <Td className="font-mono text-xs">{k.prefix}…</Td>
                  <Td>
                    <span className="flex max-w-xs flex-wrap gap-1">
                      {k.scopes.map((s) => (
                        <Badge key={s}>{s}</Badge>
                      ))}
                    </span>
                  </Td>
                  <Td className="text-slate-500">{k.lastUsedAt ? k.lastUsedAt.toLocaleString() : "never"}</Td>
                  <Td>{k.revokedAt ? <Badge tone="red">revoked</Badge> : <Badge tone="green">active</Badge>}</Td>
                  <Td className="text-right">
                    {canWrite && !k.revokedAt ? (
                      <ConfirmButton onConfirm={() => revoke.mutate({ id: k.id })} confirmLabel="Revoke now" loading={revoke.isPending}>
                        Revoke
                      </ConfirmButton>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </Table>
          </Card>
        )}
      </div>
    </>
  );
}
