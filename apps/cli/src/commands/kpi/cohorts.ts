/**
 * `inboxwatch kpi cohorts`: the stored cohort table (one rate per cohort, with its sample size and
 * interval) and the best cohort, through GET /api/v1/analytics/cohorts (scope analytics.read). The full
 * heat map (one column per week) is in --json; the terminal gets each cohort's total.
 */
import { parseArgs } from "node:util";

import { apiErrorMessage, callApi } from "../../api-client.ts";
import { type CliIo, UsageError } from "../../command.ts";
import { table } from "./table.ts";

export const COHORTS_USAGE = `Usage: inboxwatch kpi cohorts [--grouping source-provider|signup-month]
                             [--columns weeks-since-signup|calendar-week]
                             [--metric accepted|inbox|click|conversion] [--json]

Cohorts by acquisition source × mailbox provider (or signup month): each cohort's rate over its
whole history with its 95 % interval and sample size, and the best cohort (ranked by the lower end of
its interval) — as computed by the last refresh, never on the request.`;

type Rate =
  { state: "ok"; value: number; volume: number } | { state: "not-enough"; volume: number; minVolume: number } | { state: "no-data" };

interface Cell {
  recipients: number;
  rate: Rate;
  interval: { low: number; high: number } | null;
}

type CohortsReply =
  | { state: "not-computed"; metric: { label: string } }
  | {
      state: "ready";
      metric: { label: string; volumeNoun: string };
      computedAt: string;
      rows: { label: string; total: Cell }[];
      all: { total: Cell };
      hiddenCohorts: number;
      best: { label: string; rate: number; interval: { low: number; high: number }; recipients: number } | null;
    };

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

function showRate(c: Cell, noun: string): string {
  const r = c.rate;
  if (r.state === "no-data") return "no data";
  if (r.state === "not-enough") return `not enough ${noun === "messages" ? "mail" : noun} (${r.volume}/${r.minVolume})`;
  return c.interval ? `${pct(r.value)} (${pct(c.interval.low)}–${pct(c.interval.high)})` : pct(r.value);
}

const GROUPINGS = ["source-provider", "signup-month"];
const COLUMNS = ["weeks-since-signup", "calendar-week"];
const METRICS = ["accepted", "inbox", "click", "conversion"];

export async function runCohorts(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      grouping: { type: "string", default: "source-provider" },
      columns: { type: "string", default: "weeks-since-signup" },
      metric: { type: "string", default: "conversion" },
      json: { type: "boolean", default: false },
    },
  });
  for (const [name, value, allowed] of [
    ["--grouping", values.grouping, GROUPINGS],
    ["--columns", values.columns, COLUMNS],
    ["--metric", values.metric, METRICS],
  ] as const) {
    if (!allowed.includes(value)) throw new UsageError(`${name} must be one of ${allowed.join(", ")}`);
  }
  const query = new URLSearchParams({ grouping: values.grouping, columns: values.columns, metric: values.metric });
  const reply = await callApi(io.env, `/analytics/cohorts?${query.toString()}`);
  if (!reply.ok) {
    io.err(apiErrorMessage(reply));
    return 1;
  }
  if (values.json) {
    io.out(reply.text);
    return 0;
  }
  const c = JSON.parse(reply.text) as CohortsReply;
  if (c.state === "not-computed") {
    io.out("The cohort table has not been computed yet: the worker refreshes it after imports and every 30 minutes.");
    return 0;
  }
  const noun = c.metric.volumeNoun;
  io.out(`${c.metric.label} by cohort, computed ${c.computedAt.slice(0, 16).replace("T", " ")} UTC\n`);
  if (c.best) {
    io.out(
      `Best cohort: ${c.best.label}, ${pct(c.best.rate)} (95 % CI ${pct(c.best.interval.low)}–${pct(c.best.interval.high)}), n = ${c.best.recipients.toLocaleString("en-US")}\n`,
    );
  }
  io.out(
    table([
      ["Cohort", "Recipients", c.metric.label],
      ...c.rows.map((r) => [r.label, r.total.recipients.toLocaleString("en-US"), showRate(r.total, noun)]),
      ["All cohorts", c.all.total.recipients.toLocaleString("en-US"), showRate(c.all.total, noun)],
    ]),
  );
  if (c.hiddenCohorts > 0) io.out(`\n${c.hiddenCohorts} smaller cohorts are left out (still counted in All cohorts).`);
  return 0;
}
