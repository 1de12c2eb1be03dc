"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";

import { Card, CardBody, CardHeader, DateRangePicker, type DateRangePreset, LoadingRows, Notice, presetRange } from "@inboxwatch/ui";

import { useOrg } from "~/components/org-context";
import { Page } from "~/components/page";
import { errorMessage, useTRPC } from "~/trpc/react";

import { AnalyticsNav } from "../analytics-nav";
import { CyclesTable } from "./cycles-table";
import { FigureCard } from "./figure-card";
import { RoiSettingsForm } from "./settings-form";

const HOUR_MS = 3_600_000;

/** What deliverability was worth in the period against the one before, and what each incident cost. */
export default function RoiPage() {
  const org = useOrg();
  const trpc = useTRPC();
  const [preset, setPreset] = useState<DateRangePreset | "custom">("30d");
  const [custom, setCustom] = useState<{ from: Date; to: Date } | null>(null);
  const range = useMemo(() => {
    if (preset === "custom" && custom) return { from: custom.from.toISOString(), to: custom.to.toISOString() };
    // Whole hours, so the query key holds still while the page is open.
    const r = presetRange(preset === "custom" ? "30d" : preset, new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS));
    return { from: r.from.toISOString(), to: r.to.toISOString() };
  }, [preset, custom]);
  const summary = useQuery(trpc.analytics.roi.summary.queryOptions(range));
  const settings = useQuery(trpc.analytics.roi.settings.queryOptions());
  const s = summary.data;
  return (
    <Page
      title="ROI"
      description="What better delivery earned and what incidents cost, against the period before — every figure opens to its inputs and formula."
      breadcrumbs={[{ label: "Analytics", href: org.href("analytics") }, { label: "ROI" }]}
    >
      <AnalyticsNav />
      <div className="space-y-6">
        <DateRangePicker
          value={preset}
          onChange={(r, p) => {
            setPreset(p);
            setCustom(p === "custom" ? r : null);
          }}
        />
        {summary.error ? (
          <Notice title="The ROI could not be computed">{errorMessage(summary.error)}</Notice>
        ) : !s ? (
          <Card>
            <CardBody>
              <LoadingRows rows={4} />
            </CardBody>
          </Card>
        ) : (
          <>
            <section aria-label="ROI figures" className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
              <FigureCard figure={s.result.total} emphasis />
              <FigureCard figure={s.result.revenueFromDelivery} />
              <FigureCard figure={s.result.avoidedDowntimeCost} />
              <FigureCard figure={s.result.avoidedQueueDelayCost} />
            </section>
            <Card>
              <CardHeader
                title="Incidents and their recovery"
                description="From an incident's opening to the accepted rate back within 2 points of the previous period's rate, hour by hour."
              />
              <CardBody>
                <CyclesTable rows={s.cycles} currency={s.settings.currency} />
              </CardBody>
            </Card>
          </>
        )}
        {settings.data ? (
          <RoiSettingsForm key={String(settings.data.updatedAt)} settings={settings.data} canEdit={org.can("analytics.write")} />
        ) : null}
      </div>
    </Page>
  );
}
