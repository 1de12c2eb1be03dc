"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { Button, Field, Input, Notice } from "@inboxwatch/ui";

import { errorMessage, useTRPC } from "~/trpc/react";

function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

export function CreateOrgForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);
  const create = useMutation(trpc.me.organizations.create.mutationOptions({ onSuccess: (org) => router.push(`/${org.slug}`) }));
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name, slug });
      }}
    >
      <Field label="Organization name" htmlFor="org-name">
        <Input
          id="org-name"
          value={name}
          required
          placeholder="Acme Inc."
          onChange={(e) => {
            setName(e.target.value);
            if (!slugTouched) setSlug(slugify(e.target.value));
          }}
        />
      </Field>
      <Field label="Address" htmlFor="org-slug" hint={`inboxwatch/${slug || "your-org"}`}>
        <Input
          id="org-slug"
          value={slug}
          required
          onChange={(e) => {
            setSlugTouched(true);
            setSlug(e.target.value.toLowerCase());
          }}
        />
      </Field>
      {create.error ? <Notice>{errorMessage(create.error)}</Notice> : null}
      <Button type="submit" loading={create.isPending} className="w-full">
        Create organization
      </Button>
    </form>
  );
}
