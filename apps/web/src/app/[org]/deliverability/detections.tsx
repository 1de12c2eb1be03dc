"use client";

import { useQuery } from "@tanstack/react-query";

import { Badge, Card, CardHeader, LoadingRows, Notice, Table, Td } from "@inboxwatch/ui";

import { errorMessage, useTRPC } from "~/trpc/react";

const KIND = {
  throttled: { label: "Throttled", tone: "red", hint: "Slow down towards this provider." },
  greylisted: { label: "Greylisted", tone: "amber", hint: "Retries get through; nothing to do." },
  internal_congestion: { label: "Internal congestion", tone: "blue", hint: "Every provider slowed with the queue: look at your own MTA." },
} as const;

const time = (iso: string) => new Date(iso).toISOString().slice(5, 16).replace("T", " ");

/** Throttling / greylisting / congestion episodes with their evidence (codes, reply samples, spike, queue). */
export function Detections({ range }: { range: { from: string; to: string } }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.deliverability.detections.queryOptions(range));
  return (
    <Card>
      <CardHeader
        title="Throttling and greylisting"
        description="Bursts of 421/451/4.7.x per provider, told apart from congestion at home by queue depth and delay. Throttling and greylisting also feed the alert rules."
      />
      {q.error ? <Notice>{errorMessage(q.error)}</Notice> : null}
      {q.isPending ? (
        <LoadingRows rows={2} />
      ) : (q.data ?? []).length === 0 ? (
        <p className="px-6 pb-6 text-sm text-slate-500">No throttling, greylisting or congestion detected in this range.</p>
      ) : (
        <Table head={["Kind", "Provider", "When (UTC)", "Evidence", "Codes", "Sample reply"]}>
          {(q.data ?? []).map((d) => (
            <tr key={d.id}>
              <Td>
                <Badge tone={KIND[d.kind].tone}>{KIND[d.kind].label}</Badge>
                <div className="mt-1 text-xs text-slate-500">{KIND[d.kind].hint}</div>
              </Td>
              <Td className="font-medium text-slate-900">{d.provider === "*" ? "all providers" : d.provider}</Td>
              <Td className="text-xs whitespace-nowrap">
                {time(d.startedAt)} → {time(d.lastSeenAt).slice(6)}
              </Td>
              <Td className="text-xs">{d.summary}</Td>
              <Td className="font-mono text-xs">
                {d.codes.slice(0, 3).map((c) => (
                  <div key={c.code}>
                    {c.code} ×{c.count}
                  </div>
                ))}
              </Td>
              <Td className="max-w-md text-xs break-words">{d.sampleReplies[0] ?? "–"}</Td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}
