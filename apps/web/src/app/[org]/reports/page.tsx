"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { LoadingRows, Notice, Select } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";

import { ComplaintsTab } from "./complaints-tab";
import { DmarcTab } from "./dmarc-tab";
import { ReportMailboxes } from "./mailboxes";
import { RawTab } from "./raw-tab";
import { ReportsList } from "./reports-list";
import { SetupGuide } from "./setup-guide";
import { TlsTab } from "./tls-tab";

const TABS = { dmarc: "DMARC", list: "Reports list", complaints: "Complaints", tls: "TLS", raw: "Raw & quarantine" } as const;
type TabKey = keyof typeof TABS;
const RANGES = { "7 days": 7, "14 days": 14, "30 days": 30, "90 days": 90, "1 year": 365 } as const;

/** The reports hub: what mailbox providers told us (DMARC, complaints, TLS) and the raw intake. */
export default function ReportsPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const [tab, setTab] = useState<TabKey>("dmarc");
  const [range, setRange] = useState<keyof typeof RANGES>("30 days");
  const counts = useQuery(trpc.reports.raw.counts.queryOptions());
  const days = RANGES[range];
  const total = counts.data ? Object.values(counts.data).reduce((a, b) => a + b, 0) : null;
  return (
    <Page
      title="Reports"
      description="DMARC aggregate and failure reports, feedback-loop complaints and SMTP TLS reports sent by mailbox providers."
      actions={
        <Select aria-label="Time range" value={range} onChange={(e) => setRange(e.target.value as keyof typeof RANGES)}>
          {Object.keys(RANGES).map((r) => (
            <option key={r}>{r}</option>
          ))}
        </Select>
      }
    >
      {counts.error ? <Notice>{errorMessage(counts.error)}</Notice> : null}
      {counts.isPending ? (
        <LoadingRows />
      ) : total === 0 ? (
        <>
          <SetupGuide empty canUpload={org.can("reports.write")} />
          <div className="mt-6">
            <ReportMailboxes />
          </div>
        </>
      ) : (
        <>
          <nav className="mb-6 flex gap-1 border-b border-slate-200" aria-label="Report views">
            {(Object.keys(TABS) as TabKey[]).map((k) => (
              <button
                key={k}
                type="button"
                onClick={() => setTab(k)}
                aria-current={tab === k ? "page" : undefined}
                className={`-mb-px border-b-2 px-4 py-2 text-sm font-medium ${tab === k ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800"}`}
              >
                {TABS[k]}
                {k === "raw" && counts.data?.QUARANTINED ? (
                  <span className="ml-2 rounded-full bg-red-100 px-1.5 text-xs text-red-700">{counts.data.QUARANTINED}</span>
                ) : null}
              </button>
            ))}
          </nav>
          {tab === "dmarc" ? <DmarcTab days={days} /> : null}
          {tab === "list" ? <ReportsList /> : null}
          {tab === "complaints" ? <ComplaintsTab days={days} /> : null}
          {tab === "tls" ? <TlsTab days={days} /> : null}
          {tab === "raw" ? <RawTab /> : null}
          <div className="mt-10 space-y-6">
            <ReportMailboxes />
            <SetupGuide empty={false} canUpload={org.can("reports.write")} />
          </div>
        </>
      )}
    </Page>
  );
}
