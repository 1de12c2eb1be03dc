import type { Finding, SpfTreeNode } from "@inboxwatch/deliverability/dns";

import { SeverityBadge } from "./grade";

/** A check's findings, worst first, each with the fix an operator can act on. */
export function FindingList({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <p className="text-sm text-emerald-700">No problems found.</p>;
  const rank: Record<string, number> = { critical: 0, warning: 1, info: 2 };
  return (
    <ul className="space-y-2">
      {[...findings]
        .sort((a, b) => (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3))
        .map((f, i) => (
          <li key={`${f.code}-${i}`} className="text-sm">
            <div className="flex items-start gap-2">
              <SeverityBadge severity={f.severity} />
              <span className="text-slate-800">{f.message}</span>
            </div>
            {f.fix ? (
              <p className="ml-1 mt-1 text-slate-500">
                <span className="font-medium text-slate-600">Fix:</span> {f.fix}
              </p>
            ) : null}
          </li>
        ))}
    </ul>
  );
}

export function RawRecords({ records }: { records: string[] }) {
  if (records.length === 0) return null;
  return (
    <details className="mt-3">
      <summary className="cursor-pointer text-xs font-medium text-slate-500">Raw records ({records.length})</summary>
      <pre className="mt-2 overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-slate-50 p-3 text-xs text-slate-700">
        {records.join("\n")}
      </pre>
    </details>
  );
}

/** The SPF include/redirect tree with the DNS-querying terms each record costs (RFC 7208 §4.6.4). */
export function SpfTree({ node, depth = 0 }: { node: SpfTreeNode; depth?: number }) {
  return (
    <div className={depth > 0 ? "ml-5 border-l border-slate-200 pl-3" : ""}>
      <div className="py-1 text-sm">
        <span className="text-xs uppercase text-slate-500">{node.via}</span> <span className="font-mono text-slate-900">{node.domain}</span>{" "}
        <span className="text-xs text-slate-500">
          · {node.lookups} lookup{node.lookups === 1 ? "" : "s"}
        </span>
        {node.error ? <span className="ml-2 text-xs text-red-700">{node.error}</span> : null}
        {node.record ? <div className="font-mono text-xs break-all text-slate-500">{node.record}</div> : null}
      </div>
      {node.children.map((c, i) => (
        <SpfTree key={`${c.domain}-${i}`} node={c} depth={depth + 1} />
      ))}
    </div>
  );
}
