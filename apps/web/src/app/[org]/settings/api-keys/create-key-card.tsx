"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";

import { API_KEY_SCOPES, type TApiKeyScope } from "@inboxwatch/services/permissions";
import { Button, Card, CardBody, CardHeader, Checkbox, FormError, Notice, TextField, useZodForm } from "@inboxwatch/ui";

import { useTRPC } from "~/trpc/react";

const SCOPE_HELP: Record<TApiKeyScope, string> = {
  "org.read": "Read the organization",
  "servers.read": "Read mail servers",
  "servers.write": "Change mail servers",
  "domains.read": "Read domains and their checks",
  "domains.write": "Change domains",
  "ips.read": "Read IPs and blocklist status",
  "ips.write": "Change IPs",
  "reports.read": "Read reports and deliverability data",
  "reports.write": "Define, send and render scheduled reports",
  "alerts.read": "Read alerts and incidents",
  "alerts.write": "Acknowledge and resolve incidents",
  "analytics.read": "Read the analytics: KPIs, segments and ROI",
  "analytics.write": "Import message metadata and conversions",
  ingest: "Send MTA logs, queue snapshots and reports",
  "metrics.read": "Scrape the organization's metrics with Prometheus (/api/v1/metrics)",
};

const ZCreateKey = z.object({
  name: z.string().trim().min(1, "Name the key after what uses it."),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, "Pick at least one scope."),
});
const INITIAL: z.infer<typeof ZCreateKey> = { name: "", scopes: ["org.read", "ingest"] };

/** Create a key with its scopes; the secret is shown once, here. */
export function CreateKeyCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZCreateKey, INITIAL);
  const scopes = form.values.scopes;
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async () => {
        form.reset({ name: "", scopes });
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
      },
    }),
  );
  return (
    <Card>
      <CardHeader title="Create an API key" description="For MTAs shipping logs, scripts and the inboxwatch CLI. The key is shown once." />
      <CardBody>
        <form className="space-y-4" noValidate onSubmit={form.handleSubmit((v) => create.mutate(v))}>
          <TextField label="Name" {...form.field("name")} id="key-name" required hint="What uses it, e.g. “postfix-eu-1 log shipper”" />
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Scopes</legend>
            <div className="mt-2 grid gap-3 sm:grid-cols-2">
              {API_KEY_SCOPES.map((s) => (
                <Checkbox
                  key={s}
                  name="scopes"
                  label={s}
                  description={SCOPE_HELP[s]}
                  checked={scopes.includes(s)}
                  onChange={(e) => form.setField("scopes", e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
                />
              ))}
            </div>
            {form.errors.scopes ? <p className="mt-1 text-xs text-red-600">{form.errors.scopes}</p> : null}
          </fieldset>
          <FormError error={create.error} />
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
