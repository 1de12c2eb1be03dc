"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";

import { Button, Card, CardBody, CardHeader, FormError, Notice, SelectField, TextField, useZodForm } from "@inboxwatch/ui";

import { useTRPC } from "~/trpc/react";

import { PROVIDERS, type ProviderId, webhookUrl } from "./providers";

const ZForm = z.object({
  provider: z.enum(["sendgrid", "mailgun", "postmark", "ses", "sparkpost"]),
  label: z.string().trim().min(1, "Name the webhook after what sends through it").max(80),
  secret: z.string().trim().max(400),
});
type FormValues = z.input<typeof ZForm>;
const INITIAL: FormValues = { provider: "sendgrid", label: "", secret: "" };

const SECRET_LABEL: Partial<Record<ProviderId, string>> = {
  sendgrid: "Verification key",
  mailgun: "HTTP webhook signing key",
  ses: "SNS topic ARN",
};

/** The create form, and what to paste into the ESP once the webhook exists (Basic credentials shown once). */
export function CreateEspWebhook() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ url: string; password: string | null; provider: ProviderId } | null>(null);
  const form = useZodForm(ZForm, INITIAL);
  const create = useMutation(
    trpc.deliverability.espWebhooks.create.mutationOptions({
      onSuccess: async ({ webhook, basicPassword }) => {
        setCreated({ url: webhookUrl(window.location.origin, webhook.id), password: basicPassword, provider: form.values.provider });
        form.reset();
        await queryClient.invalidateQueries({ queryKey: trpc.deliverability.espWebhooks.list.queryKey() });
      },
    }),
  );
  const provider = PROVIDERS.find((p) => p.id === form.values.provider) ?? PROVIDERS[0];
  const secretLabel = SECRET_LABEL[form.values.provider];
  const submit = form.handleSubmit(({ provider: p, label, secret }) => {
    if (p === "sendgrid") create.mutate({ provider: p, label, verificationKey: secret });
    else if (p === "mailgun") create.mutate({ provider: p, label, signingKey: secret });
    else if (p === "ses") create.mutate({ provider: p, label, snsTopicArn: secret });
    else create.mutate({ provider: p, label });
  });
  return (
    <Card>
      <CardHeader
        title="Add an ESP webhook"
        description="Opens, clicks, bounces, unsubscribes and complaints from your ESP, verified with the ESP's own signature."
      />
      <CardBody>
        <form onSubmit={submit} className="grid gap-4 sm:grid-cols-2" aria-label="Add an ESP webhook">
          <SelectField label="ESP" {...form.field("provider")} options={PROVIDERS.map((p) => ({ value: p.id, label: p.label }))} />
          <TextField label="Name" placeholder="Newsletters" {...form.field("label")} />
          {secretLabel ? <TextField className="sm:col-span-2" label={secretLabel} {...form.field("secret")} autoComplete="off" /> : null}
          <p className="text-sm text-slate-600 sm:col-span-2">{provider.setup}</p>
          <div className="flex items-center gap-3 sm:col-span-2">
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? "Adding…" : "Add webhook"}
            </Button>
            <FormError error={create.error} />
          </div>
        </form>
        {created ? (
          <div className="mt-4">
            <Notice tone="green" title="Webhook added: paste this into your ESP">
              <p className="mt-1 break-all font-mono text-xs">{created.url}</p>
              {created.password ? (
                <p className="mt-2 text-sm">
                  Basic credentials (shown this once): user <code className="font-mono">inboxwatch</code>, password{" "}
                  <code className="break-all font-mono">{created.password}</code>
                </p>
              ) : null}
            </Notice>
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}
