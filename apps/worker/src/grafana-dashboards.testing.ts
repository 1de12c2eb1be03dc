/**
 * The Grafana dashboards shipped in infra/grafana/dashboards, read as their tests need them: every PromQL
 * expression of every panel (and of the template variables), the metric names an expression reads, and
 * the expression with Grafana's variables replaced so Prometheus's own parser can judge it.
 */
import fs from "node:fs";
import path from "node:path";

export const DASHBOARD_DIR = path.resolve(import.meta.dirname, "../../../infra/grafana/dashboards");

interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

export interface DashboardExprs {
  file: string;
  /** Panel targets' `expr`, with the panel title for messages. */
  exprs: { panel: string; expr: string }[];
  /** Template variables' queries (`label_values(metric, label)`). */
  variableQueries: string[];
}

function collect(panels: readonly Panel[], into: DashboardExprs["exprs"]): void {
  for (const p of panels) {
    for (const t of p.targets ?? []) if (t.expr) into.push({ panel: p.title ?? "(untitled)", expr: t.expr });
    if (p.panels) collect(p.panels, into);
  }
}

export function readDashboards(): DashboardExprs[] {
  return fs
    .readdirSync(DASHBOARD_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const json = JSON.parse(fs.readFileSync(path.join(DASHBOARD_DIR, file), "utf8")) as {
        panels?: Panel[];
        templating?: { list?: { query?: { query?: string } | string }[] };
      };
      const exprs: DashboardExprs["exprs"] = [];
      collect(json.panels ?? [], exprs);
      const variableQueries = (json.templating?.list ?? [])
        .map((v) => (typeof v.query === "string" ? v.query : v.query?.query))
        .filter((q): q is string => typeof q === "string" && q.length > 0);
      return { file, exprs, variableQueries };
    });
}

/** PromQL words that look like identifiers but name no metric. */
const KEYWORDS = new Set([
  "and",
  "or",
  "unless",
  "bool",
  "offset",
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "inf",
  "nan",
]);

/**
 * The metric names an expression reads: identifiers that are not functions or aggregations (followed by
 * "("), keywords, label names (inside {…}, by (…), on (…)…), strings, durations or Grafana variables.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\$\{[^}]*\}|\$\w+/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = m[0];
    const after = stripped.slice((m.index ?? 0) + word.length);
    if (/^\s*\(/.test(after) || KEYWORDS.has(word.toLowerCase())) continue;
    // A number's exponent or unit (1e3, 5m) starts with a digit before it: the regex never starts there, but "e3" of "1e3" could.
    const before = stripped[(m.index ?? 0) - 1];
    if (before !== undefined && /[0-9.]/.test(before)) continue;
    names.add(word);
  }
  return [...names];
}

/** The metric of a `label_values(metric, label)` variable query, or null for another kind of query. */
export function variableMetric(query: string): string | null {
  return /^label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,/.exec(query)?.[1] ?? null;
}

/** The expression as Prometheus receives it from Grafana: interval variables a duration, other variables a regex matching all. */
export function withGrafanaVariables(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)\b/g, "5m").replace(/\$\{[^}]*\}|\$\w+/g, ".*");
}
