"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { Button, Card, CardBody, CardHeader, Field, Input, Notice } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

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
  const org = useOrg();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [domain, setDomain] = useState("");
  const [selectors, setSelectors] = useState("");
  const create = useMutation(
    trpc.domains.create.mutationOptions({
      // The new domain's page: its first checks show there.
      onSuccess: async (created) => {
        await queryClient.invalidateQueries({ queryKey: trpc.domains.list.queryKey() });
        router.push(org.href(`domains/${created.id}`));
      },
    }),
  );
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
          {create.error ? <Notice>{errorMessage(create.error)}</Notice> : null}
          <Button type="submit" loading={create.isPending}>
            Add domain
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
