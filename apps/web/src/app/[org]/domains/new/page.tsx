"use client";

import { NewEntityPage } from "~/components/entity-page";
import { NewDomainCard } from "../domain-form";

export default function NewDomainPage() {
  return (
    <NewEntityPage
      permission="domains.write"
      refusal="Your role cannot add domains. Ask an admin."
      title="Add a sending domain"
      description="We will check its DNS authentication every 6 hours and its blocklist status every hour."
      card={false}
    >
      <NewDomainCard />
    </NewEntityPage>
  );
}
