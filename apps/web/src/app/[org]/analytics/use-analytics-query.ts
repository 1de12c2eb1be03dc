"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

import { DATE_RANGE_PRESETS, type DateRangePreset } from "@inboxwatch/ui";

export const DIMENSIONS = [
  { id: "provider", label: "Mailbox provider" },
  { id: "senderDomain", label: "Sending domain" },
  { id: "serverId", label: "Mail server" },
  { id: "campaign", label: "Campaign" },
] as const;
export type Dimension = (typeof DIMENSIONS)[number]["id"];

const HOUR_MS = 3_600_000;

export interface AnalyticsView {
  preset: DateRangePreset | "custom";
  from: string;
  to: string;
  compare: boolean;
  breakdown: Dimension;
  provider?: string;
  senderDomain?: string;
  serverId?: string;
  campaign?: string;
}

export type ViewPatch = Partial<Record<keyof AnalyticsView, string | boolean | undefined>>;

function isPreset(value: string | null): value is DateRangePreset {
  return DATE_RANGE_PRESETS.some((p) => p.id === value);
}

function isDimension(value: string | null): value is Dimension {
  return DIMENSIONS.some((d) => d.id === value);
}

/**
 * The view lives in the URL (range, comparison, breakdown, filters) so a view can be shared as a link.
 * Preset ranges end at the next whole hour, so the query key is stable while the page is open.
 */
export function useAnalyticsView(): [AnalyticsView, (patch: ViewPatch) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = useMemo((): AnalyticsView => {
    const range = params.get("range");
    const from = params.get("from");
    const to = params.get("to");
    const breakdown = params.get("by");
    const base = {
      compare: params.get("compare") !== "0",
      breakdown: isDimension(breakdown) ? breakdown : "provider",
      provider: params.get("provider") ?? undefined,
      senderDomain: params.get("domain") ?? undefined,
      serverId: params.get("server") ?? undefined,
      campaign: params.get("campaign") ?? undefined,
    } as const;
    if (range === "custom" && from && to && !Number.isNaN(Date.parse(from)) && !Number.isNaN(Date.parse(to))) {
      return { ...base, preset: "custom", from, to };
    }
    const preset = isPreset(range) ? range : "30d";
    const hours = DATE_RANGE_PRESETS.find((p) => p.id === preset)?.hours ?? 30 * 24;
    const end = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS;
    return { ...base, preset, from: new Date(end - hours * HOUR_MS).toISOString(), to: new Date(end).toISOString() };
  }, [params]);

  const update = useCallback(
    (patch: ViewPatch) => {
      const next = new URLSearchParams(params.toString());
      const names: Partial<Record<keyof AnalyticsView, string>> = {
        preset: "range",
        from: "from",
        to: "to",
        compare: "compare",
        breakdown: "by",
        provider: "provider",
        senderDomain: "domain",
        serverId: "server",
        campaign: "campaign",
      };
      for (const [key, value] of Object.entries(patch)) {
        const name = names[key as keyof AnalyticsView];
        if (!name) continue;
        if (value === undefined || value === "" || (key === "compare" && value === true)) next.delete(name);
        else next.set(name, key === "compare" ? "0" : String(value));
      }
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
    [params, pathname, router],
  );
  return [view, update];
}
