/**
 * `inboxwatch kpi experiments` and `inboxwatch kpi experiment <id>`: the A/B experiments and one
 * experiment's stored result through the REST API (/api/v1/analytics/experiments, scope analytics.read).
 */
import { parseArgs } from "node:util";

import { apiErrorMessage, callApi } from "../../api-client.ts";
import { type CliIo, UsageError } from "../../command.ts";
import { table } from "./table.ts";

export const EXPERIMENTS_USAGE = `Usage: inboxwatch kpi experiments [--json]
       inboxwatch kpi experiment <id> [--json]

The A/B experiments with their verdicts, or one experiment's result: each variant's rate with its
interval, the difference from the control, the test that produced p (fixed-horizon z-test or
sequential mSPRT), the sample size needed and reached, and the verdict — as computed by the last
refresh (never on the request).`;

interface Verdict {
  kind: string;
  sentence: string;
}

interface ResultState {
  computedAt: string | null;
  stale: boolean;
}

interface ListReply {
  items: {
    id: string;
    name: string;
    status: string;
    metric: string;
    variants: { key: string }[];
    result: ResultState & { verdict: Verdict | null };
  }[];
}

interface Interval {
  low: number;
  high: number;
}

interface ExperimentReply {
  id: string;
  name: string;
  status: string;
  metric: string;
  startsAt: string;
  endsAt: string | null;
  result: ResultState & {
    view: {
      methodStatement: string;
      confidence: number;
      variants: {
        key: string;
        label: string;
        control: boolean;
        trials: number;
        successes: number;
        rate: number | null;
        interval: Interval | null;
        revenue: { currency: string; value: number }[];
      }[];
      comparisons: { variant: string; difference: number | null; interval: Interval | null; pValue: number | null; significant: boolean }[];
      sampleSize: { neededPerVariant: number | null; reachedPerVariant: number };
      verdict: Verdict;
    } | null;
  };
}

const rate = (v: number | null) => (v === null ? "no data" : `${(v * 100).toFixed(Math.abs(v) < 0.01 && v !== 0 ? 2 : 1)} %`);
const points = (v: number | null) => (v === null ? "no data" : `${v >= 0 ? "+" : "−"}${Math.abs(v * 100).toFixed(1)} pts`);
const pValue = (p: number | null) => (p === null ? "–" : p < 0.001 ? "< 0.001" : p.toFixed(3));
const count = (n: number) => n.toLocaleString("en-US");

function refreshed(r: ResultState): string {
  if (!r.computedAt) return "not computed yet";
  return `${r.computedAt.slice(0, 16).replace("T", " ")} UTC${r.stale ? " (changed since)" : ""}`;
}

async function get(io: CliIo, path: string): Promise<string | null> {
  const reply = await callApi(io.env, path);
  if (!reply.ok) {
    io.err(apiErrorMessage(reply));
    return null;
  }
  return reply.text;
}

export async function runExperiments(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false } } });
  const text = await get(io, "/analytics/experiments");
  if (text === null) return 1;
  if (values.json) {
    io.out(text);
    return 0;
  }
  const list = JSON.parse(text) as ListReply;
  if (list.items.length === 0) {
    io.out("No experiments yet (Analytics → Experiments → New experiment).");
    return 0;
  }
  io.out(
    table([
      ["ID", "Name", "Status", "Metric", "Variants", "Verdict", "Refreshed"],
      ...list.items.map((e) => [
        e.id,
        e.name,
        e.status.toLowerCase(),
        e.metric,
        e.variants.map((v) => v.key).join(" vs "),
        e.result.verdict?.kind ?? "–",
        refreshed(e.result),
      ]),
    ]),
  );
  return 0;
}

export async function runExperiment(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean", default: false } } });
  const id = positionals[0];
  if (!id || positionals.length > 1) throw new UsageError("Name one experiment id (inboxwatch kpi experiments lists them)");
  const text = await get(io, `/analytics/experiments/${encodeURIComponent(id)}`);
  if (text === null) return 1;
  if (values.json) {
    io.out(text);
    return 0;
  }
  const e = JSON.parse(text) as ExperimentReply;
  io.out(`${e.name} (${e.status.toLowerCase()}, ${e.metric}) — last refreshed ${refreshed(e.result)}`);
  const view = e.result.view;
  if (!view) {
    io.out("The results have not been computed yet; the analytics.refresh job computes them shortly after a change.");
    return 0;
  }
  io.out(`\n${view.verdict.sentence}\n${view.methodStatement}.\n`);
  const ci = `${Number((view.confidence * 100).toFixed(1))} % CI`;
  io.out(
    table([
      ["Variant", "Trials", "Successes", "Rate", ci, "vs control", "p"],
      ...view.variants.map((v) => {
        const c = view.comparisons.find((x) => x.variant === v.key);
        return [
          `${v.label}${v.control ? " (control)" : ""}`,
          count(v.trials),
          count(v.successes),
          rate(v.rate),
          v.interval ? `${rate(v.interval.low)} – ${rate(v.interval.high)}` : "–",
          c ? `${points(c.difference)}${c.interval ? ` (${points(c.interval.low)} to ${points(c.interval.high)})` : ""}` : "–",
          c ? `${pValue(c.pValue)}${c.significant ? " *" : ""}` : "–",
        ];
      }),
    ]),
  );
  const s = view.sampleSize;
  io.out(
    `\nSample size: ${count(s.reachedPerVariant)} per variant${s.neededPerVariant !== null ? ` of ${count(s.neededPerVariant)} planned` : ""}.`,
  );
  const revenue = view.variants.filter((v) => v.revenue.length > 0);
  if (revenue.length > 0) {
    io.out("Revenue attributed:");
    for (const v of revenue) io.out(`  ${v.label}: ${v.revenue.map((r) => `${r.value.toFixed(2)} ${r.currency}`).join(", ")}`);
  }
  return 0;
}
