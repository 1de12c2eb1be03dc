"use client";

import { useQuery } from "@tanstack/react-query";

import { Card, CardBody, CardHeader, EmptyState, LoadingRows, Notice } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { errorMessage, useTRPC } from "~/trpc/react";

import { UploadReports } from "./upload";

function Code({ children }: { children: string }) {
  return (
    <code className="block whitespace-pre-wrap break-all rounded bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">{children}</code>
  );
}

/**
 * How to point reports at the platform: the rua/ruf and TLS-RPT records, the feedback-loop address,
 * and the DMARC external-destination authorization (RFC 7489 §7.1) we publish for each customer domain.
 */
export function SetupGuide({ empty, canUpload }: { empty: boolean; canUpload: boolean }) {
  const trpc = useTRPC();
  const setup = useQuery(trpc.reports.setup.queryOptions());
  const s = setup.data;
  const body = s ? (
    <div className="space-y-5 text-sm text-slate-700">
      <div>
        <p className="mb-2 font-medium text-slate-900">
          1. DMARC: add our address to <code>rua=</code> (aggregate) and <code>ruf=</code> (failure reports) of{" "}
          <code>_dmarc.&lt;your domain&gt;</code>
        </p>
        <Code>{s.examples.dmarc}</Code>
      </div>
      <div>
        <p className="mb-2 font-medium text-slate-900">
          2. TLS reports (RFC 8460): publish <code>_smtp._tls.&lt;your domain&gt;</code>
        </p>
        <Code>{s.examples.tlsrpt}</Code>
      </div>
      <div>
        <p className="mb-2 font-medium text-slate-900">
          3. Feedback loops and bounces: register these addresses with the providers&apos; FBL programs and as your return path
        </p>
        <Code>{`${s.addresses.fbl}\n${s.addresses.bounces}`}</Code>
      </div>
      <div>
        <p className="mb-1 font-medium text-slate-900">External destination authorization</p>
        <p className="mb-2">
          Receivers send DMARC reports to an address outside your domain only if that domain authorizes it (RFC 7489 §7.1). We publish, in{" "}
          <code>{s.inboundDomain}</code>, one record per domain you report on:
        </p>
        <Code>
          {(s.authorizationRecords.length
            ? s.authorizationRecords
            : [{ name: `<your domain>._report._dmarc.${s.inboundDomain}`, value: "v=DMARC1" }]
          )
            .map((r) => `${r.name}. TXT "${r.value}"`)
            .join("\n")}
        </Code>
        <p className="mt-2 text-xs text-slate-500">
          Add your domains under Domains so their records are listed here. Reports usually start within 24 hours.
        </p>
      </div>
      {canUpload ? (
        <div>
          <p className="mb-2 font-medium text-slate-900">Or upload reports you already have (XML, .xml.gz, .zip, TLS-RPT JSON, .eml)</p>
          <UploadReports />
        </div>
      ) : null}
    </div>
  ) : null;
  if (empty) {
    return (
      <EmptyState icon={<Icon name="chart" className="size-10" />} title="No reports yet">
        <div className="mx-auto max-w-2xl text-left">
          <p className="mb-4 text-center">
            Point your DMARC <code>rua=</code>, your TLS-RPT record and your feedback loops at the addresses below; reports appear here as
            they arrive.
          </p>
          {setup.error ? <Notice>{errorMessage(setup.error)}</Notice> : setup.isPending ? <LoadingRows /> : body}
        </div>
      </EmptyState>
    );
  }
  return (
    <Card>
      <CardHeader title="Setup" description="Where to send reports, and the DNS records that make receivers send them." />
      <CardBody>{setup.error ? <Notice>{errorMessage(setup.error)}</Notice> : setup.isPending ? <LoadingRows /> : body}</CardBody>
    </Card>
  );
}
