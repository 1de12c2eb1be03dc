"use client";

import { useMutation } from "@tanstack/react-query";
import { z } from "zod";

import { Button, Card, CardBody, CardHeader, FormError, NumberField, SelectField, TextField, useZodForm } from "@inboxwatch/ui";

import { useTRPC } from "~/trpc/react";

const ZBlocklistForm = z.object({
  zone: z.string().trim().min(1, "The DNS zone to query, e.g. bl.example.net."),
  name: z.string().trim().min(1, "Name the list."),
  kind: z.enum(["ip", "domain"]),
  weight: z.coerce.number().int().min(1, "From 1 to 10.").max(10, "From 1 to 10."),
  delistUrl: z.union([z.literal(""), z.url("Enter a full link, https://…")]),
});
/** The inputs as typed (the weight stays text until the schema coerces it). */
interface BlocklistInputs {
  zone: string;
  name: string;
  kind: "ip" | "domain";
  weight: string;
  delistUrl: string;
}
const EMPTY: BlocklistInputs = { zone: "", name: "", kind: "ip", weight: "5", delistUrl: "" };
const KIND_OPTIONS = [
  { value: "ip", label: "IP addresses" },
  { value: "domain", label: "Domains" },
];

/** Add a private DNSBL zone, queried like the built-in ones. */
export function BlocklistForm({ onAdded }: { onAdded: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const form = useZodForm(ZBlocklistForm, EMPTY);
  const add = useMutation(
    trpc.dnsCheck.blocklists.create.mutationOptions({
      onSuccess: async () => {
        form.reset();
        await onAdded();
      },
    }),
  );
  return (
    <Card className="mb-6">
      <CardHeader
        title="Add a private list"
        description="A DNSBL zone of your own or a partner's, queried like the built-in ones (RFC 5782)."
      />
      <CardBody>
        <form className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5" noValidate onSubmit={form.handleSubmit((v) => add.mutate(v))}>
          <TextField label="Zone" {...form.field("zone")} id="bl-zone" required placeholder="bl.example.net" />
          <TextField label="Name" {...form.field("name")} id="bl-name" required placeholder="Partner list" />
          <SelectField label="Lists" {...form.field("kind")} id="bl-kind" options={KIND_OPTIONS} />
          <NumberField
            label="Weight (1–10)"
            {...form.field("weight")}
            id="bl-weight"
            min={1}
            max={10}
            hint="How much a listing hurts delivery."
          />
          <TextField label="Delisting page" {...form.field("delistUrl")} id="bl-delist" type="url" placeholder="https://…" />
          <div className="sm:col-span-2 lg:col-span-5 flex flex-wrap items-center gap-3">
            <Button type="submit" loading={add.isPending}>
              Add list
            </Button>
            <FormError error={add.error} className="grow" />
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
