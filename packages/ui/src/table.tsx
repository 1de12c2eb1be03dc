import type { ReactNode } from "react";

import { cn } from "./cn.ts";

export function Table({ head, children }: { head: ReactNode[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-600" tabIndex={0}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead>
          <tr>
            {head.map((h, i) => (
              <th
                key={i}
                scope="col"
                className="whitespace-nowrap px-5 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500"
              >
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export function Td({ children, className, colSpan }: { children?: ReactNode; className?: string; colSpan?: number }) {
  return (
    // Cells do not wrap unless the caller says how (`whitespace-normal` for long text): cn() does not merge
    // conflicting utilities, so the default is left out rather than fought over in CSS order.
    <td className={cn(!className?.includes("whitespace-") && "whitespace-nowrap", "px-5 py-3 text-slate-700", className)} colSpan={colSpan}>
      {children}
    </td>
  );
}
