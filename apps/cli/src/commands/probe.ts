import { parseArgs } from "node:util";

import { parseAllowlist, policyFromEnv, type EgressPolicy } from "@inboxwatch/deliverability/net";
import { probeSmtp, type ProbeMode, type ProbeOptions, type ProbeResult } from "@inboxwatch/deliverability/smtp";

import { type CliCommand, UsageError } from "../command.ts";

const USAGE = `Usage: inboxwatch probe <host|domain> [--port 25|587|465] [--starttls|--tls|--plain]
                        [--auth user:pass] [--lab] [--mail-from addr] [--rcpt addr]
                        [--helo name] [--allow-private] [--json]

Runs one SMTP probe and prints the outcome, per-phase timings, capabilities, TLS details and the
transcript (credentials redacted). A domain is probed through its MX hosts; a host name or IP directly.
  --port           25 (default), 587 or 465 (465 means implicit TLS); other ports for lab servers
  --starttls       require STARTTLS (default: use it when offered); --tls implicit TLS; --plain never
  --auth           try AUTH PLAIN/LOGIN; only over verified TLS unless --lab (a lab server)
  --rcpt           envelope test: MAIL FROM/RCPT TO without DATA, then RSET (--mail-from, default <>)
  --allow-private  dial private/loopback addresses; otherwise EGRESS_ALLOW (CIDRs) decides
Exit code: 0 when the probe outcome is ok, 1 otherwise, 2 for bad arguments.`;

/** Every address, for --allow-private: the operator asked to reach their own network. */
const ALLOW_ALL: EgressPolicy = { allow: parseAllowlist("0.0.0.0/0,::/0") };

function parseMode(values: { starttls: boolean; tls: boolean; plain: boolean }): ProbeMode {
  const chosen = (["starttls", "tls", "plain"] as const).filter((m) => values[m]);
  if (chosen.length > 1) throw new UsageError(`Choose one of --starttls, --tls, --plain (got ${chosen.map((m) => `--${m}`).join(" ")})`);
  return chosen[0] ?? "auto";
}

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new UsageError(`--port must be a port number (25, 587 or 465), got "${raw}"`);
  return port;
}

export const command: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        port: { type: "string", default: "25" },
        starttls: { type: "boolean", default: false },
        tls: { type: "boolean", default: false },
        plain: { type: "boolean", default: false },
        auth: { type: "string" },
        lab: { type: "boolean", default: false },
        rcpt: { type: "string" },
        "mail-from": { type: "string" },
        helo: { type: "string" },
        "allow-private": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
      },
    });
    const [host] = positionals;
    if (!host) throw new UsageError("Missing <host|domain>");
    const port = parsePort(values.port);
    const mode = parseMode(values);
    const options: ProbeOptions = {
      egressPolicy: values["allow-private"] ? ALLOW_ALL : policyFromEnv(io.env),
      allowInsecureAuth: values.lab,
    };
    if (values.helo) options.helo = values.helo;
    if (values.auth !== undefined) {
      const colon = values.auth.indexOf(":");
      if (colon <= 0) throw new UsageError("--auth takes user:pass");
      options.auth = { username: values.auth.slice(0, colon), password: values.auth.slice(colon + 1) };
    }
    if (values.rcpt !== undefined || values["mail-from"] !== undefined) {
      options.envelope = { mailFrom: values["mail-from"] ?? "", ...(values.rcpt !== undefined ? { rcptTo: values.rcpt } : {}) };
    }
    let result: ProbeResult;
    try {
      result = await probeSmtp({ host, port, mode }, options);
    } catch (err) {
      if (err instanceof TypeError) throw new UsageError(err.message);
      throw err;
    }
    io.out(values.json ? JSON.stringify(result, null, 2) : formatResult(result));
    return result.outcome.kind === "ok" ? 0 : 1;
  },
};

const ms = (n: number | null): string => (n === null ? "" : `${n.toFixed(1)} ms`);

function formatResult(r: ProbeResult): string {
  const o = r.outcome;
  const lines: string[] = [];
  const detail =
    o.kind === "ok"
      ? ""
      : ` in ${o.phase}${"code" in o && o.code !== null ? ` (${o.code}${o.enhancedCode ? ` ${o.enhancedCode}` : ""})` : ""}: ${o.message}`;
  lines.push(`Probe ${r.target.host}:${r.target.port} (${r.target.mode})`, `Outcome: ${o.kind}${detail}`, "", "Phases:");
  const phase = (name: string, t: number | null, text: string): void => {
    if (t !== null) lines.push(`  ${name.padEnd(14)} ${ms(t).padStart(10)}  ${text}`);
  };
  const dnsText = r.dns
    ? `${r.dns.resolvedAs}${r.dns.mx ? `, MX ${r.dns.mx.map((m) => `${m.preference} ${m.exchange || "."}`).join(", ")}` : ""}; ${r.dns.hosts.map((h) => `${h.host} → ${[...h.addresses, ...h.blocked.map((b) => `${b.address} (blocked: ${b.reason})`)].join(", ") || h.error}`).join("; ")}`
    : "";
  phase("dns", r.timings.dns, dnsText);
  phase(
    "connect",
    r.timings.connect,
    r.dials.map((d) => `${d.host} [${d.address}] ${d.outcome}${d.message ? ` (${d.message})` : ""}`).join(", "),
  );
  phase("banner", r.timings.banner, r.banner ? `${r.banner.code} ${r.banner.text.split("\n")[0] ?? ""}` : "");
  phase("ehlo", r.timings.ehlo, r.ehlo?.hostname ?? "");
  phase("tls", r.timings.tls, r.tls ? `${r.tls.version} ${r.tls.cipher} via ${r.tls.via}` : "");
  phase("ehlo after tls", r.timings.ehloAfterTls, r.ehloAfterTls?.hostname ?? "");
  phase(
    "auth",
    r.timings.auth,
    r.auth ? `${r.auth.mechanism ?? ""} ${r.auth.succeeded ? "accepted" : "refused"} ${r.auth.code ?? ""}` : "",
  );
  phase("envelope", r.timings.envelope, r.envelope ? (r.envelope.accepted ? "accepted" : "refused") : "");
  phase("total", r.timings.total, "");
  const ehlo = r.ehloAfterTls ?? r.ehlo;
  if (ehlo) {
    const c = ehlo.capabilities;
    const flags = [
      c.size !== null ? `SIZE ${c.size}` : "",
      c.pipelining ? "PIPELINING" : "",
      c.eightBitMime ? "8BITMIME" : "",
      c.smtpUtf8 ? "SMTPUTF8" : "",
      c.chunking ? "CHUNKING" : "",
      c.dsn ? "DSN" : "",
      c.enhancedStatusCodes ? "ENHANCEDSTATUSCODES" : "",
      r.ehlo?.capabilities.startTls ? "STARTTLS" : "",
      c.requireTls ? "REQUIRETLS" : "",
      c.authMechanisms.length > 0 ? `AUTH ${c.authMechanisms.join(" ")}` : "",
    ].filter(Boolean);
    lines.push("", `Capabilities${r.ehloAfterTls ? " (after TLS)" : ""}: ${flags.join(", ") || "none"}`);
    if (ehlo.heloFallback) lines.push("  (EHLO not supported; HELO used)");
  }
  if (r.tls) {
    const t = r.tls;
    lines.push("", `TLS: ${t.version} ${t.cipher} via ${t.via}`);
    lines.push(
      `  verification: chain ${t.chainValid ? "valid" : `invalid (${t.authorizationError ?? "?"})`}, hostname ${t.hostnameMatch ? "matches" : "does not match"} ${t.checkedName}`,
    );
    for (const [i, c] of t.chain.entries()) {
      lines.push(`  [${i}] ${c.subject}${c.selfSigned ? " (self-signed)" : ""}`);
      lines.push(
        `      issuer ${c.issuer}; expires ${c.notAfter} (${c.daysLeft} days)${c.subjectAltNames.length ? `; SAN ${c.subjectAltNames.slice(0, 6).join(", ")}${c.subjectAltNames.length > 6 ? ", …" : ""}` : ""}`,
      );
    }
  }
  if (r.transcript.length > 0) {
    lines.push("", "Transcript:");
    for (const e of r.transcript) lines.push(`  ${`+${e.atMs}ms`.padStart(9)} ${e.dir === "I" ? "*" : e.dir}: ${e.text}`);
  }
  return lines.join("\n");
}
