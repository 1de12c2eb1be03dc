"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { useOrg } from "~/components/org-context";

/** The analytics views, in the order a marketing user reads them. `path` is under /[org]/. */
export const ANALYTICS_VIEWS = [
  { path: "analytics", label: "Overview" },
  { path: "analytics/cohorts", label: "Cohorts" },
  { path: "analytics/experiments", label: "Experiments" },
  { path: "analytics/roi", label: "ROI" },
  { path: "analytics/data", label: "Data imports" },
] as const;

/** Tabs between the analytics views; the current one is marked for screen readers too. */
export function AnalyticsNav() {
  const org = useOrg();
  const pathname = usePathname();
  const current = (path: string) => {
    const href = org.href(path);
    return path === "analytics" ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  };
  return (
    <nav aria-label="Analytics views" className="-mt-2 mb-6 flex gap-1 overflow-x-auto border-b border-slate-200">
      {ANALYTICS_VIEWS.map((v) => (
        <Link
          key={v.path}
          href={org.href(v.path)}
          aria-current={current(v.path) ? "page" : undefined}
          className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
            current(v.path) ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"
          }`}
        >
          {v.label}
        </Link>
      ))}
    </nav>
  );
}
