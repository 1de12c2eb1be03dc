/**
 * `inboxwatch kpi roi`: what deliverability was worth in a period against its baseline, and what each
 * incident's recovery cost — every figure with its formula — through GET /api/v1/analytics/roi (scope
 * analytics.read), as the ROI page shows it.
 */
import { parseArgs } from "node:util";

import { apiErrorMessage, callApi } from "../../api-client.ts";
import { type CliIo, UsageError } from "../../command.ts";

export const ROI_USAGE = `Usage: inboxwatch kpi roi [--range 7d|30d|90d | --from <ISO> --to <ISO>] [--formulas] [--json]

Incremental delivered and inbox messages against the period before, their value, the downtime and queue
delay avoided, and each incident's recovery cycle with its cost (Analytics → ROI). --formulas prints how
each figure was computed, with its inputs.`;

interface Figure {
  label: string;
  value: number | null;
  unit: string;
  formula: string;
  inputs: { label: string; value: number | null; unit: string }[];
}

interface RoiReply {
  period: { from: string; to: string };
  currency: string;
  figures: Record<string, Figure>;
  cycles: {
    incident: { title: string; openedAt: string };
    durationHours: number | null;
    lostMessages: number | null;
    cost: Figure | null;
  }[];
}

const RANGE_DAYS: Record<string, number> = { "7d": 7, "30d": 30, "90d": 90 };
const DAY_MS = 86_400_000;

function show(value: number | null, unit: string): string {
  if (value === null) return "not set";
  const n = Math.abs(value) >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2);
  return `${n} ${unit}`.trim();
}

export async function runRoi(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      range: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      formulas: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  let from = values.from;
  let to = values.to;
  if (from || to) {
    if (!from || !to) throw new UsageError("--from and --to go together");
  } else {
    const days = RANGE_DAYS[values.range ?? "30d"];
    if (!days) throw new UsageError(`--range must be one of ${Object.keys(RANGE_DAYS).join(", ")}`);
    const end = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
    [from, to] = [new Date(end - days * DAY_MS).toISOString(), new Date(end).toISOString()];
  }
  const reply = await callApi(io.env, `/analytics/roi?${new URLSearchParams({ from, to }).toString()}`);
  if (!reply.ok) {
    io.err(apiErrorMessage(reply));
    return 1;
  }
  if (values.json) {
    io.out(reply.text);
    return 0;
  }
  const r = JSON.parse(reply.text) as RoiReply;
  io.out(`ROI from ${r.period.from} to ${r.period.to} (${r.currency})\n`);
  const figure = (f: Figure) => {
    io.out(`${f.label}: ${show(f.value, f.unit)}`);
    if (values.formulas) {
      io.out(`  = ${f.formula}`);
      for (const i of f.inputs) io.out(`    ${i.label}: ${show(i.value, i.unit)}`);
    }
  };
  for (const f of Object.values(r.figures)) figure(f);
  io.out(r.cycles.length ? "\nIncidents and their recovery" : "\nNo incident in the period.");
  for (const c of r.cycles) {
    const lost = c.lostMessages === null ? "" : `, ${c.lostMessages.toLocaleString("en-US")} messages lost`;
    const hours = c.durationHours === null ? "not recovered yet" : `recovered in ${c.durationHours.toFixed(1)} h`;
    io.out(`- ${c.incident.openedAt.slice(0, 16).replace("T", " ")} ${c.incident.title}: ${hours}${lost}`);
    if (c.cost) figure({ ...c.cost, label: "  cost" });
  }
  return 0;
}
