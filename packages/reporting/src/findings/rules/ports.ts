/** SMTP ports that were unreachable: uptime under the target, per server and port, from the probe rollups. */
import { formatCount, formatPercent } from "../../format.ts";
import { type ReportData } from "../data.ts";
import { action, finding, type RuleResult } from "../common.ts";

export const RULE_PORT_UPTIME = "port_uptime";
/** 99.9 %: about 43 minutes a month, the availability a mail server is usually held to. */
export const UPTIME_TARGET = 0.999;
/** Under 95 % (over a day and a half a month) the port is effectively down: critical. */
export const UPTIME_CRITICAL = 0.95;

export function portRules(data: ReportData): RuleResult[] {
  const out: RuleResult[] = [];
  for (const s of data.ports) {
    for (const p of s.ports) {
      if (p.uptime === null || p.uptime >= UPTIME_TARGET) continue;
      const path = `servers/${s.serverId}`;
      out.push({
        finding: finding(
          RULE_PORT_UPTIME,
          p.uptime < UPTIME_CRITICAL ? "critical" : "warning",
          `Port ${p.port} of ${s.hostname} answered ${formatPercent(p.uptime)} of probes (target ${formatPercent(UPTIME_TARGET)}): ${formatCount(p.failures)} of ${formatCount(p.probes)} failed.`,
          [
            { label: "Server", value: s.hostname },
            { label: "Port", value: String(p.port) },
            { label: "Uptime", value: formatPercent(p.uptime) },
            { label: "Target", value: formatPercent(UPTIME_TARGET) },
            { label: "Failed probes", value: formatCount(p.failures) },
            { label: "Probes", value: formatCount(p.probes) },
          ],
          path,
        ),
        weight: p.failures,
        action: action(RULE_PORT_UPTIME, `Check port ${p.port} of ${s.hostname}: service, firewall and certificate`, path),
      });
    }
  }
  return out;
}
