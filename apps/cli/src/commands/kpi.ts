import { parseArgs } from "node:util";

import { apiErrorMessage, callApi } from "../api-client.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { COHORTS_USAGE, runCohorts } from "./kpi/cohorts.ts";
import { EXPERIMENTS_USAGE, runExperiment, runExperiments } from "./kpi/experiments.ts";
import { ROI_USAGE, runRoi } from "./kpi/roi.ts";
import { table } from "./kpi/table.ts";

const USAGE = `Usage: inboxwatch kpi [--range 24h|7d|30d|90d|365d | --from <ISO> --to <ISO>]
                     [--provider <key>] [--domain <sending domain>] [--server <id>]
                     [--by provider|senderDomain|serverId] [--json]

Every KPI of the catalogue (docs/kpis.md) for a period, beside the previous period, and one breakdown —
the Analytics page's figures, through the REST API (/api/v1/analytics/overview, scope analytics.read).
  INBOXWATCH_API_KEY   the key (Settings → API keys), required
  INBOXWATCH_API_URL   the server, default http://127.0.0.1:3000

Example: inboxwatch kpi --range 7d --provider google

${EXPERIMENTS_USAGE}

${COHORTS_USAGE}

${ROI_USAGE}`;

const RANGE_HOURS: Record<string, number> = { "24h": 24, "7d": 168, "30d": 720, "90d": 2160, "365d": 8760 };
const HOUR_MS = 3_600_000;

type KpiValue =
  { state: "ok"; value: number; volume: number } | { state: "not-enough"; volume: number; minVolume: number } | { state: "no-data" };

interface Overview {
  period: { from: string; to: string };
  kpis: {
    id: string;
    label: string;
    unit: string;
    volumeNoun: string;
    current: KpiValue;
    previous: KpiValue | null;
    delta: number | null;
  }[];
  breakdown: { dimension: string; rows: { label: string; attempted: number; accepted: KpiValue; deferral: KpiValue }[] };
}

function show(v: KpiValue | null, unit: string, volumeNoun = "messages"): string {
  if (!v) return "–";
  if (v.state === "not-enough") return `not enough ${volumeNoun === "messages" ? "mail" : volumeNoun} (${v.volume}/${v.minVolume})`;
  if (v.state === "no-data") return "no data";
  if (unit === "fraction") return `${(v.value * 100).toFixed(2)} %`;
  if (unit === "seconds") return `${v.value.toFixed(1)} s`;
  return String(Math.round(v.value));
}

function showDelta(delta: number | null, unit: string): string {
  if (delta === null) return "";
  const sign = delta >= 0 ? "+" : "−";
  return unit === "fraction" ? `${sign}${Math.abs(delta * 100).toFixed(2)} pts` : `${sign}${Math.abs(delta).toFixed(1)}`;
}

function periodOf(values: { range?: string; from?: string; to?: string }): { from: string; to: string } {
  if (values.from || values.to) {
    if (!values.from || !values.to) throw new UsageError("--from and --to go together");
    return { from: values.from, to: values.to };
  }
  const hours = RANGE_HOURS[values.range ?? "30d"];
  if (!hours) throw new UsageError(`--range must be one of ${Object.keys(RANGE_HOURS).join(", ")}`);
  const end = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS;
  return { from: new Date(end - hours * HOUR_MS).toISOString(), to: new Date(end).toISOString() };
}

export const command: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    if (args[0] === "experiments") return runExperiments(args.slice(1), io);
    if (args[0] === "experiment") return runExperiment(args.slice(1), io);
    if (args[0] === "cohorts") return runCohorts(args.slice(1), io);
    if (args[0] === "roi") return runRoi(args.slice(1), io);
    const { values } = parseArgs({
      args,
      options: {
        range: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        provider: { type: "string" },
        domain: { type: "string" },
        server: { type: "string" },
        by: { type: "string", default: "provider" },
        json: { type: "boolean", default: false },
      },
    });
    const period = periodOf(values);
    const query = new URLSearchParams({ ...period, by: values.by });
    if (values.provider) query.set("provider", values.provider);
    if (values.domain) query.set("domain", values.domain);
    if (values.server) query.set("server", values.server);
    const reply = await callApi(io.env, `/analytics/overview?${query.toString()}`);
    if (!reply.ok) {
      io.err(apiErrorMessage(reply));
      return 1;
    }
    if (values.json) {
      io.out(reply.text);
      return 0;
    }
    const o = JSON.parse(reply.text) as Overview;
    io.out(`KPIs from ${o.period.from} to ${o.period.to}\n`);
    io.out(
      table([
        ["KPI", "This period", "Previous", "Change"],
        ...o.kpis.map((k) => [
          k.label,
          show(k.current, k.unit, k.volumeNoun),
          show(k.previous, k.unit, k.volumeNoun),
          showDelta(k.delta, k.unit),
        ]),
      ]),
    );
    if (o.breakdown.rows.length > 0) {
      io.out(`\nBy ${o.breakdown.dimension}\n`);
      io.out(
        table([
          [o.breakdown.dimension, "Attempts", "Accepted", "Deferred"],
          ...o.breakdown.rows.map((r) => [r.label, String(r.attempted), show(r.accepted, "fraction"), show(r.deferral, "fraction")]),
        ]),
      );
    }
    return 0;
  },
};
