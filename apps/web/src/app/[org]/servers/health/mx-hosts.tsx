"use client";

import Link from "next/link";

import { Card, Table, Td } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import type { RouterOutputs } from "~/trpc/react";
import { PortStateLink } from "./port-state-link";

type Health = RouterOutputs["probes"]["portHealth"];

/** The inbound MX hosts of watched sending domains (port 25), each with its state like a server port. */
export function MxHosts({ domains, counts }: { domains: Health["mxDomains"]; counts: Health["mxCounts"] }) {
  const org = useOrg();
  return (
    <div className="mt-8">
      <h2 className="text-base font-semibold text-slate-900">Mail exchangers of your domains</h2>
      <p className="mb-3 text-sm text-slate-500">
        Where mail to your domains is delivered, probed on port 25: {counts.UP} up, {counts.DEGRADED} degraded, {counts.DOWN} down,{" "}
        {counts.UNKNOWN} not probed yet.
      </p>
      {/* Rows grouped by domain (the name on its first MX host only, a note across the row when there is none): the kit's Table, not DataTable. */}
      <Card>
        <Table head={["Domain", "MX host", "Preference", "Port 25"]}>
          {domains.flatMap((d) => {
            const href = org.href(`domains/${d.domainId}`);
            const name = (
              <Link href={href} className="hover:text-brand-600">
                {d.domain}
              </Link>
            );
            if (d.hosts.length === 0)
              return [
                <tr key={d.domainId}>
                  <Td className="font-medium text-slate-900">{name}</Td>
                  <Td className="text-xs text-slate-500" colSpan={3}>
                    {d.nullMx ? "Null MX (RFC 7505): the domain accepts no mail" : (d.lastError ?? "MX set not resolved yet")}
                  </Td>
                </tr>,
              ];
            return d.hosts.map((m, i) => (
              <tr key={m.id}>
                <Td className="font-medium text-slate-900">{i === 0 ? name : null}</Td>
                <Td className="font-mono text-xs">{m.mxHost}</Td>
                <Td className="text-xs">{m.mxPreference ?? ""}</Td>
                <Td>
                  <PortStateLink href={href} port={m} />
                </Td>
              </tr>
            ));
          })}
        </Table>
      </Card>
    </div>
  );
}
