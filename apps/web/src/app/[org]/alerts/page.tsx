"use client";

import Link from "next/link";

import { buttonClass, EmptyState, PageHeader } from "@inboxwatch/ui";

import { Icon } from "~/components/icons";
import { useOrg } from "~/components/org-context";

export default function AlertsPage() {
  const org = useOrg();
  return (
    <>
      <PageHeader title="Alerts" description="Incidents opened by your alert rules, with their evidence and timeline." />
      <EmptyState
        icon={<Icon name="bell" className="size-10" />}
        title="No incidents"
        action={
          <Link href={org.href("settings/integrations")} className={buttonClass("secondary")}>
            See notification channels
          </Link>
        }
      >
        Alert rules and incidents are not switched on in this release yet. The rule engine and the Slack, webhook, email, Teams and PagerDuty
        channels exist; their pages arrive with the alerting release.
      </EmptyState>
    </>
  );
}
