"use client";

import Link from "next/link";

import { Badge, Card, CardBody, CardHeader, PageHeader } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";

const INTEGRATIONS = [
  { name: "REST API", status: "available", text: "Read your organization and ship data with an API key.", href: "settings/api-keys" },
  { name: "MTA logs (HTTP)", status: "available", text: "POST Postfix/Exim logs or ESP webhook events to /api/v1/ingest/logs with a key that has the ingest scope.", href: "settings/api-keys" },
  { name: "Slack", status: "planned", text: "Alert notifications as Block Kit messages in a channel." },
  { name: "Signed webhooks", status: "planned", text: "Standard Webhooks–signed JSON to your endpoint, with secret rotation." },
  { name: "PagerDuty", status: "planned", text: "Trigger and resolve incidents through Events API v2." },
  { name: "Microsoft Teams", status: "planned", text: "Alert cards in a Teams channel." },
];

export default function IntegrationsPage() {
  const org = useOrg();
  return (
    <>
      <PageHeader title="Integrations" description="Where Inboxwatch gets data from and sends alerts to." />
      <div className="grid gap-4 md:grid-cols-2">
        {INTEGRATIONS.map((i) => (
          <Card key={i.name}>
            <CardHeader title={i.name} actions={<Badge tone={i.status === "available" ? "green" : "slate"}>{i.status}</Badge>} />
            <CardBody>
              <p className="text-sm text-slate-600">{i.text}</p>
              {i.href ? (
                <Link href={org.href(i.href)} className="mt-3 inline-block text-sm font-medium text-brand-600 hover:text-brand-700">
                  Set up →
                </Link>
              ) : null}
            </CardBody>
          </Card>
        ))}
      </div>
    </>
  );
}
