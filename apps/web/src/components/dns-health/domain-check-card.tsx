import type { CheckResultBase } from "@inboxwatch/deliverability/dns";
import { Card, CardBody, CardHeader } from "@inboxwatch/ui";

import type { RouterOutputs } from "~/trpc/react";

import { FindingList, RawRecords, SpfTree } from "./findings";
import { StatusBadge, UnknownReason } from "./grade";
import { GradedTitle } from "./health-report";

type Checks = NonNullable<RouterOutputs["dnsCheck"]["domains"]["byId"]["latest"]>["result"]["checks"];

/** One check of a domain's report: its grade, why it could not run, its details (SPF, DKIM, blocklists), findings and records. */
export function DomainCheckCard({
  name,
  label,
  check: c,
  checks,
}: {
  name: string;
  label: string;
  check: CheckResultBase;
  checks: Checks;
}) {
  return (
    <Card>
      <CardHeader title={<GradedTitle label={label} grade={c.grade} reason={c.unknownReason} status={c.status} />} />
      <CardBody>
        {c.grade === null ? (
          <div className="mb-3">
            <UnknownReason reason={c.unknownReason ?? "the lookups failed; the check is retried on the next run."} />
          </div>
        ) : null}
        {name === "dnsbl" && checks.dnsbl?.summary && c.grade !== null ? (
          <p className="mb-3 text-sm text-slate-600">{checks.dnsbl.summary}</p>
        ) : null}
        {name === "spf" ? <SpfDetails spf={checks.spf} /> : null}
        {name === "dkim" ? <DkimSelectors dkim={checks.dkim} /> : null}
        <FindingList findings={c.findings} />
        <RawRecords records={c.records} />
      </CardBody>
    </Card>
  );
}

/** RFC 7208 §4.6.4 limits used, the include tree, how each sending IP evaluates, and a flattening proposal. */
function SpfDetails({ spf }: { spf: Checks["spf"] }) {
  return (
    <div className="mb-4 space-y-3">
      <p className="text-sm text-slate-600">
        {spf.dnsLookups} of 10 DNS-querying terms · {spf.voidLookups} of 2 void lookups
      </p>
      {spf.tree ? <SpfTree node={spf.tree} /> : null}
      {spf.evaluations.length > 0 ? (
        <ul className="text-sm text-slate-700">
          {spf.evaluations.map((e) => (
            <li key={e.ip}>
              <span className="font-mono">{e.ip}</span>: <StatusBadge status={e.result} />{" "}
              {e.mechanism ? <span className="font-mono text-xs text-slate-500">{e.mechanism}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {spf.flattening && spf.flattening.records.length > 0 ? (
        <details>
          <summary className="cursor-pointer text-xs font-medium text-slate-500">
            Flattening proposal ({spf.flattening.records.length} records, {spf.flattening.dnsLookups} lookups)
          </summary>
          <pre className="mt-2 overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-slate-50 p-3 text-xs">
            {spf.flattening.records.map((x) => `${x.name} TXT "${x.value}"`).join("\n")}
          </pre>
        </details>
      ) : null}
    </div>
  );
}

/** The selectors whose key was found: key type and size, revoked, testing, configured or discovered. */
function DkimSelectors({ dkim }: { dkim: Checks["dkim"] }) {
  const found = dkim.selectors.filter((x) => x.found);
  if (found.length === 0) return null;
  return (
    <ul className="mb-4 space-y-1 text-sm text-slate-700">
      {found.map((x) => (
        <li key={x.selector}>
          <span className="font-mono">{x.name}</span>:{" "}
          {x.revoked ? "revoked (empty p=)" : `${x.keyType ?? "rsa"}${x.keyBits ? ` ${x.keyBits}-bit` : ""}`}
          {x.testing ? " · testing (t=y)" : ""}
          {x.configured ? "" : " · discovered"}
        </li>
      ))}
    </ul>
  );
}
