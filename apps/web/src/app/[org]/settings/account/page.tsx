"use client";

import { useQuery } from "@tanstack/react-query";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { useTRPC } from "~/trpc/react";
import { PasswordCard } from "./password-card";
import { SessionsCard } from "./sessions-card";

export default function AccountPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  return (
    <Page
      title="Your account"
      description={me.data ? `Signed in as ${me.data.email}` : undefined}
      breadcrumbs={[{ label: "Settings", href: org.href("settings") }, { label: "Your account" }]}
    >
      <PasswordCard />
      <div className="mt-6">
        <SessionsCard />
      </div>
    </Page>
  );
}
