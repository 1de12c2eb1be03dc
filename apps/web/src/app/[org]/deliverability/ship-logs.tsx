"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { Button, Card, CardBody, CardHeader, Notice } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { errorMessage, useTRPC } from "~/trpc/react";

import { SyslogSources } from "./syslog-sources";

/** How to ship logs: the HTTP endpoint with an API key, or syslog with the organization's token. */
export function ShipLogs({ syslogTokenPrefix }: { syslogTokenPrefix: string | null }) {
  const org = useOrg();
  const trpc = useTRPC();
  const [token, setToken] = useState<string | null>(null);
  const rotate = useMutation(trpc.deliverability.rotateSyslogToken.mutationOptions({ onSuccess: (r) => setToken(r.token) }));
  const origin = typeof window === "undefined" ? "https://inboxwatch.example.com" : window.location.origin;
  const curl = `curl -H "Authorization: Bearer $INBOXWATCH_API_KEY" \\
     -H "Idempotency-Key: $(hostname)-$(date +%s)" \\
     --data-binary @/var/log/mail.log \\
     "${origin}/api/v1/ingest/logs?source=$(hostname -s)"`;
  return (
    <Card>
      <CardHeader
        title="Ship your MTA logs"
        description="Postfix, Exim or ESP webhook JSON. Every line is parsed, classified and counted once."
      />
      <CardBody className="space-y-4 text-sm text-slate-600">
        <div>
          <p className="font-medium text-slate-800">From your ESP</p>
          <p>
            SendGrid, Mailgun, Postmark, Amazon SES and SparkPost post their events to a signed webhook:{" "}
            <Link className="font-medium text-brand-600 hover:text-brand-700" href={org.href("deliverability/esp-webhooks")}>
              set up ESP webhooks
            </Link>
            .
          </p>
        </div>
        <div>
          <p className="font-medium text-slate-800">Over HTTP</p>
          <p>
            Create an API key with the <code>ingest</code> scope in{" "}
            <Link className="font-medium text-brand-600 hover:text-brand-700" href={org.href("settings/api-keys")}>
              Settings → API keys
            </Link>
            , then post batches of up to 5 MiB (gzip welcome). A batch is acknowledged once stored; resending the same Idempotency-Key
            counts nothing twice.
          </p>
          <pre tabIndex={0} className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
            {curl}
          </pre>
        </div>
        <div>
          <p className="font-medium text-slate-800">Over syslog</p>
          <p>
            Point rsyslog (omfwd, TCP, octet-counted) or Vector at the worker&apos;s syslog port with your organization&apos;s token as
            structured data <code>[inboxwatch@32473 token=&quot;iwl_…&quot;]</code> or in front of the app name (
            <code>iwl_….postfix/smtp</code>). Examples: <code>infra/log-shipping/</code>.
          </p>
          <p className="mt-2">
            Current token: {syslogTokenPrefix ? <code>{syslogTokenPrefix}…</code> : <span className="text-slate-500">none yet</span>}
          </p>
          {token ? (
            <Notice tone="green" title="Copy your syslog token now: it is shown only once">
              <code className="break-all">{token}</code>
            </Notice>
          ) : null}
          {rotate.error ? <Notice>{errorMessage(rotate.error)}</Notice> : null}
          {org.can("apikeys.write") ? (
            <Button className="mt-2" variant="secondary" size="sm" loading={rotate.isPending} onClick={() => rotate.mutate()}>
              {syslogTokenPrefix ? "Replace the syslog token" : "Create a syslog token"}
            </Button>
          ) : null}
        </div>
        <SyslogSources tokenPrefix={syslogTokenPrefix} />
      </CardBody>
    </Card>
  );
}
