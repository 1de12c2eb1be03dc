"use client";

import Link from "next/link";

import { Badge, Card, CardBody, CardHeader, Notice } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";

/** A webhook's signing secret, shown once after creation or rotation. */
export function SecretNotice({ secret, onDone }: { secret: { channel: string; value: string }; onDone: () => void }) {
  return (
    <div className="mb-4">
      <Notice tone="amber" title={`Signing secret of "${secret.channel}" — shown once`}>
        <code className="break-all">{secret.value}</code>
        <p className="mt-1">
          Store it in your receiver now and verify each request with a Standard Webhooks library. It cannot be shown again; rotate to get a
          new one.
        </p>
        <button type="button" className="mt-2 text-sm font-medium underline" onClick={onDone}>
          I have stored it
        </button>
      </Notice>
    </div>
  );
}

const DATA_SOURCES = [
  { name: "REST API", text: "Read your organization and ship data with an API key.", href: "settings/api-keys" },
  {
    name: "MTA logs (HTTP)",
    text: "POST Postfix/Exim logs or ESP events to /api/v1/ingest/logs with a key that has the ingest scope.",
    href: "settings/api-keys",
  },
];

/** Where Inboxwatch gets data from, each with a link to set it up. */
export function DataSources() {
  const org = useOrg();
  return (
    <div className="grid gap-4 md:grid-cols-2">
      {DATA_SOURCES.map((i) => (
        <Card key={i.name}>
          <CardHeader title={i.name} actions={<Badge tone="green">available</Badge>} />
          <CardBody>
            <p className="text-sm text-slate-600">{i.text}</p>
            <Link href={org.href(i.href)} className="mt-3 inline-block text-sm font-medium text-brand-600 hover:text-brand-700">
              Set up →
            </Link>
          </CardBody>
        </Card>
      ))}
    </div>
  );
}
