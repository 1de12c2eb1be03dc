"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { Card, CardBody, CardHeader, Field, Input } from "@inboxwatch/ui";

import { useOpenCreated } from "~/components/entity-page";
import { FormFooter } from "~/components/form-footer";
import { useTRPC } from "~/trpc/react";

export function SelectorsInput({ value, onChange, disabled }: { value: string; onChange: (v: string) => void; disabled?: boolean }) {
  return (
    <Field
      label="DKIM selectors"
      htmlFor="selectors"
      hint="Comma-separated, e.g. s1, google, k1. We also try common selectors automatically."
    >
      <Input id="selectors" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} placeholder="s1, google" />
    </Field>
  );
}

export const parseSelectors = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export function NewDomainCard() {
  const trpc = useTRPC();
  const [domain, setDomain] = useState("");
  const [selectors, setSelectors] = useState("");
  // The new domain's page: its first checks show there.
  const openCreated = useOpenCreated("domains");
  const create = useMutation(trpc.domains.create.mutationOptions({ onSuccess: openCreated(trpc.domains.list.queryKey()) }));
  return (
    <Card>
      <CardHeader title="Domain" description="Internationalized names are stored in punycode." />
      <CardBody>
        <form
          className="space-y-5"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ domain, dkimSelectors: parseSelectors(selectors) });
          }}
        >
          <Field label="Domain name" htmlFor="domain">
            <Input id="domain" value={domain} onChange={(e) => setDomain(e.target.value)} required placeholder="example.com" />
          </Field>
          <SelectorsInput value={selectors} onChange={setSelectors} />
          <FormFooter error={create.error} pending={create.isPending} submitLabel="Add domain" />
        </form>
      </CardBody>
    </Card>
  );
}
