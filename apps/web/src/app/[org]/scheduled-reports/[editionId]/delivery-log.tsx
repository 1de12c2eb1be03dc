"use client";

import { Badge, Table, Td } from "@inboxwatch/ui";

import { type RouterOutputs } from "~/trpc/react";

import { CHANNEL_LABEL, DELIVERY_STATUS, formatInZone } from "../format";

type Delivery = RouterOutputs["scheduledReports"]["editions"]["get"]["deliveries"][number];

/** Who the report went to and what the receiving side answered: a bounce shows the server's refusal in red. */
export function DeliveryLog({ rows, timeZone }: { rows: Delivery[]; timeZone: string }) {
  if (rows.length === 0)
    return <p className="px-5 py-4 text-sm text-slate-500">No recipient yet: deliveries are queued once the report is built.</p>;
  return (
    <Table head={["Recipient", "Channel", "Status", "Attempts", "Sent at"]}>
      {rows.map((d) => {
        const s = DELIVERY_STATUS[d.status] ?? { tone: "slate" as const, label: d.status };
        const answer = d.status === "sent" ? null : (d.lastError ?? d.response);
        return (
          <tr key={d.id}>
            <Td className="font-medium text-slate-800">{d.targetLabel}</Td>
            <Td>{CHANNEL_LABEL[d.channel] ?? d.channel}</Td>
            <Td className="whitespace-normal">
              <Badge tone={s.tone}>{s.label}</Badge>
              {answer ? (
                <p
                  className={`mt-1 max-w-md break-words font-mono text-xs ${d.status === "bounced" || d.status === "failed" ? "text-red-700" : "text-slate-500"}`}
                >
                  {answer}
                </p>
              ) : null}
            </Td>
            <Td className="tabular-nums">{d.attempts}</Td>
            <Td>{d.sentAt ? formatInZone(d.sentAt, timeZone) : <span className="text-slate-500">—</span>}</Td>
          </tr>
        );
      })}
    </Table>
  );
}
