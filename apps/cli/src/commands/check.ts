import { parseArgs } from "node:util";

import {
  checkDomain,
  checkHost,
  checkIp,
  checkSpf,
  createResolver,
  type DomainCheckResult,
  type Finding,
  type IpCheckResult,
  lookupAllVia,
  type SpfTreeNode,
} from "@inboxwatch/deliverability/dns";
import { createPinnedHttpsFetcher, policyFromEnv } from "@inboxwatch/deliverability/net";

import { type CliCommand, type CliIo, UsageError } from "../command.ts";

const USAGE = `Usage:
  inboxwatch check domain <domain> [--dkim-selector s1,s2] [--ip <ip>,…]
  inboxwatch check ip <ip> [--helo <name>] [--banner <name>]
  inboxwatch check spf <domain> [--ip <ip> --sender <addr> --helo <name>]

DNS authentication and reputation checks, no database needed. Common options:
  --dns-server host:port  resolver to use (repeatable; default $INBOXWATCH_DNS_SERVERS or the system's)
  --blocklists z1,z2      query these DNSBL zones instead of the built-in catalogue
  --timeout <ms>          per-query DNS timeout
  --json                  machine-readable result
Exit status: 0 fine, 1 a critical finding (or SPF evaluation other than pass), 2 usage error.`;

const OPTIONS = {
  "dns-server": { type: "string", multiple: true },
  blocklists: { type: "string" },
  timeout: { type: "string" },
  json: { type: "boolean", default: false },
  ip: { type: "string" },
  sender: { type: "string" },
  helo: { type: "string" },
  banner: { type: "string" },
  "dkim-selector": { type: "string" },
} as const;

const list = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function resolverFor(values: { "dns-server"?: string[]; timeout?: string }, io: CliIo) {
  const servers = values["dns-server"]?.length ? values["dns-server"] : list(io.env.INBOXWATCH_DNS_SERVERS);
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new UsageError(`--timeout must be a positive number of milliseconds`);
  try {
    return createResolver({ ...(servers.length > 0 ? { servers } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function formatFindings(findings: Finding[]): string[] {
  const order = { critical: 0, warning: 1, info: 2 };
  return [...findings]
    .sort((a, b) => order[a.severity] - order[b.severity])
    .flatMap((f) => [`  [${f.severity}] ${f.code}: ${f.message}`, `      fix: ${f.fix}`]);
}

function formatSummary(title: string, result: DomainCheckResult | IpCheckResult): string {
  const checks = Object.entries(
    result.checks as Record<
      string,
      { status: string; grade: string | null; unknownReason?: string; findings: Finding[]; records: string[] } | undefined
    >,
  );
  const lines = [`${title}  overall grade ${result.grade ?? "unknown (no check could run)"}`, ""];
  for (const [name, check] of checks) {
    if (!check) continue;
    lines.push(
      `  ${name.padEnd(8)} ${check.grade ?? "-"}  ${check.status}${check.grade === null ? `  could not check: ${check.unknownReason ?? "lookups failed"}` : ""}`,
    );
    for (const record of check.records.slice(0, 3)) lines.push(`             ${record.split("\n")[0]}`);
  }
  const findings = checks.flatMap(([, c]) => c?.findings ?? []);
  lines.push("", findings.length ? "Findings:" : "No findings.", ...formatFindings(findings));
  return lines.join("\n");
}

function formatTree(node: SpfTreeNode, depth = 0): string[] {
  const label = `${"  ".repeat(depth + 1)}${node.via === "root" ? "" : `${node.via}:`}${node.domain}  (${node.lookups} lookup${node.lookups === 1 ? "" : "s"})${node.error ? `  ERROR: ${node.error}` : ""}`;
  return [
    label,
    ...(node.record ? [`${"  ".repeat(depth + 2)}${node.record}`] : []),
    ...node.children.flatMap((c) => formatTree(c, depth + 1)),
  ];
}

async function runSpf(domain: string, values: Record<string, unknown>, io: CliIo): Promise<number> {
  const v = values as { ip?: string; sender?: string; helo?: string; json: boolean };
  const resolver = resolverFor(values, io);
  if (v.ip) {
    const sender = v.sender ?? "";
    const result = await checkHost({ ip: v.ip, domain, sender, helo: v.helo ?? domain }, resolver);
    if (v.json) io.out(JSON.stringify({ domain, ip: v.ip, sender, helo: v.helo ?? domain, ...result }, null, 2));
    else {
      io.out(`SPF ${result.result} for ${v.ip} at ${domain}${result.mechanism ? ` (matched ${result.mechanism})` : ""}`);
      if (result.reason) io.out(`  reason: ${result.reason}`);
      if (result.explanation) io.out(`  explanation: ${result.explanation}`);
      io.out(`  DNS-querying terms: ${result.dnsLookups}, void lookups: ${result.voidLookups}`);
    }
    return result.result === "pass" ? 0 : 1;
  }
  const result = await checkSpf(domain, resolver);
  if (v.json) io.out(JSON.stringify(result, null, 2));
  else {
    const lines = [
      `SPF for ${domain}: ${result.status}  grade ${result.grade ?? "unknown"}  (${result.dnsLookups}/10 DNS lookups, ${result.voidLookups} void)`,
    ];
    if (result.tree) lines.push("", "Include tree:", ...formatTree(result.tree));
    if (result.flattening && result.flattening.records.length > 1) {
      lines.push("", "Flattening proposal:", ...result.flattening.records.map((r) => `  ${r.name}  TXT "${r.value}"`));
    }
    lines.push("", result.findings.length ? "Findings:" : "No findings.", ...formatFindings(result.findings));
    io.out(lines.join("\n"));
  }
  return result.findings.some((f) => f.severity === "critical") ? 1 : 0;
}

export const command: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
    const [kind, target] = positionals;
    if (!kind || !["domain", "ip", "spf"].includes(kind)) throw new UsageError("Expected: check domain|ip|spf <target>");
    if (!target) throw new UsageError(`Missing <${kind === "ip" ? "ip" : "domain"}>`);
    const only = list(values.blocklists);
    const dnsbl = only.length > 0 ? { only } : {};
    if (kind === "spf") return runSpf(target, values, io);
    const resolver = resolverFor(values, io);
    let result: DomainCheckResult | IpCheckResult;
    if (kind === "ip") {
      result = await checkIp(target, resolver, {
        ...(values.helo ? { expectedHelo: values.helo } : {}),
        ...(values.banner ? { bannerHostname: values.banner } : {}),
        dnsbl,
      });
    } else {
      const fetcher = createPinnedHttpsFetcher({ policy: policyFromEnv(io.env), lookupAll: lookupAllVia(resolver) });
      result = await checkDomain(target, resolver, {
        fetcher,
        dnsbl,
        ips: list(values.ip),
        ...(values["dkim-selector"] ? { dkimSelectors: list(values["dkim-selector"]) } : {}),
      });
    }
    io.out(values.json ? JSON.stringify(result, null, 2) : formatSummary(kind === "ip" ? `IP ${target}` : `Domain ${target}`, result));
    // Nothing measured is not a pass: a script must not read "no check could run" as healthy.
    return result.grade === "F" || result.grade === null ? 1 : 0;
  },
};
