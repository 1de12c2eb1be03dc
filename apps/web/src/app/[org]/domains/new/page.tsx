"use client";

import { Notice, PageHeader } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { NewDomainCard } from "../domain-form";

export default function NewDomainPage() {
  const org = useOrg();
  if (!org.can("domains.write")) return <Notice tone="amber">Your role cannot add domains. Ask an admin.</Notice>;
  return (
    <>
      <PageHeader
        title="Add a sending domain"
        description="We will check its DNS authentication every 6 hours and its blocklist status every hour."
      />
      <NewDomainCard />
    </>
  );
}
