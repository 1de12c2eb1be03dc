"use client";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";

import { CreateEspWebhook } from "./create-form";
import { EspWebhooksTable } from "./webhooks-table";

/** Where an organization's ESPs post their events, each checked with the ESP's own signature. */
export default function EspWebhooksPage() {
  const org = useOrg();
  return (
    <Page
      title="ESP webhooks"
      description="SendGrid, Mailgun, Postmark, Amazon SES and SparkPost post their events here. A call without the ESP's valid signature is refused and nothing of it is stored."
      breadcrumbs={[{ label: "Deliverability", href: org.href("deliverability") }, { label: "ESP webhooks" }]}
    >
      <div className="space-y-6">
        <EspWebhooksTable />
        {org.can("integrations.write") ? (
          <CreateEspWebhook />
        ) : (
          <p className="text-sm text-slate-500">Your role can see the webhooks; an owner or admin adds them.</p>
        )}
      </div>
    </Page>
  );
}
