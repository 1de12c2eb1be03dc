"use client";

import { Card, CardBody, CardHeader, ChartFrame, Table, Td } from "@inboxwatch/ui";

import { EvidenceSeriesChart } from "~/components/charts/evidence-series";
import type { RouterOutputs } from "~/trpc/react";

type Incident = RouterOutputs["alerts"]["incidents"]["byId"];
const round2 = (n: number) => Math.round(n * 100) / 100;

/** What the rule saw: value, threshold, volume, the series with the threshold across it, and the events. */
export function EvidenceCard({ incident: i }: { incident: Incident }) {
  const points = i.evidence.points;
  const values = points.map((p) => p.value);
  const range = values.length ? `from ${round2(Math.min(...values))} to ${round2(Math.max(...values))}` : "";
  return (
    <Card>
      <CardHeader title="Evidence" description={i.evidence.summary} />
      <CardBody>
        <dl className="mb-3 grid grid-cols-3 gap-2 text-sm">
          <div>
            <dt className="text-slate-500">Value</dt>
            <dd>{i.evidence.value === null ? "—" : round2(i.evidence.value)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Threshold</dt>
            <dd>{i.evidence.threshold ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Volume</dt>
            <dd>{i.evidence.volume}</dd>
          </div>
        </dl>
        {points.length > 0 ? (
          <ChartFrame
            title="Metric over time"
            description={`${points.length} data points ${range}${i.evidence.threshold !== null ? `, threshold ${i.evidence.threshold}` : ""}.`}
            empty={points.length < 2}
            height={220}
          >
            <EvidenceSeriesChart points={points} threshold={i.evidence.threshold} />
          </ChartFrame>
        ) : null}
        {points.length > 0 ? (
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer text-slate-600">The last {Math.min(24, points.length)} data points</summary>
            <Table head={["Bucket", "Value", "Volume"]}>
              {points.slice(-24).map((p) => (
                <tr key={p.at}>
                  <Td>{new Date(p.at).toLocaleString()}</Td>
                  <Td>{round2(p.value)}</Td>
                  <Td>{p.volume}</Td>
                </tr>
              ))}
            </Table>
          </details>
        ) : null}
        {i.evidence.events.length > 0 ? (
          <ul className="space-y-1 font-mono text-xs text-slate-700">
            {i.evidence.events.map((e) => (
              <li key={`${e.at}-${e.type}`}>
                {new Date(e.at).toISOString()} {e.type}
                {e.active ? "" : " (cleared)"} {e.detail ?? ""}
              </li>
            ))}
          </ul>
        ) : null}
        {i.rule?.runbookUrl ? (
          <a
            href={i.rule.runbookUrl}
            className="mt-3 inline-block text-sm font-medium text-brand-600 hover:text-brand-700"
            target="_blank"
            rel="noreferrer"
          >
            Runbook →
          </a>
        ) : null}
      </CardBody>
    </Card>
  );
}
