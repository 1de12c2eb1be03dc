/**
 * Generates legitimate DMARC aggregate reports shaped like the corpus (Google, Microsoft, Yahoo, Mail.ru,
 * FastMail, Mimecast styles; RFC 7489 and dmarc-2.0 namespaced), deterministically from a seed. Used by
 * the large-report test and by bench/reports; not part of the public API.
 */
import { gzipSync } from "node:zlib";

import { prng } from "../random/index.ts";

export interface SyntheticReportOptions {
  seed: number;
  records: number;
}

const REPORTERS = [
  { org: "google.com", email: "noreply-dmarc-support@google.com", ns: false, indent: "  " },
  { org: "Outlook.com", email: "dmarcreport@microsoft.com", ns: false, indent: "\t" },
  { org: "Yahoo", email: "dmarchelp@yahooinc.com", ns: false, indent: "" },
  { org: "Mail.Ru", email: "dmarc_support@corp.mail.ru", ns: false, indent: " " },
  { org: "FastMail Pty Ltd", email: "reports@fastmaildmarc.com", ns: false, indent: "  " },
  { org: "Mimecast", email: "no-reply@au-1.mimecastreport.com", ns: true, indent: "  " },
] as const;
const RESULTS = ["pass", "fail", "pass", "pass", "softfail", "none", "neutral", "temperror"] as const;
const REASONS = ["forwarded", "mailing_list", "local_policy", "sampled_out", "trusted_forwarder", "other"] as const;

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function sourceIp(rand: () => number): string {
  if (rand() < 0.15) return `2a01:4f8:${Math.floor(rand() * 65535).toString(16)}::${Math.floor(rand() * 255).toString(16)}`;
  return [Math.floor(rand() * 223) + 1, Math.floor(rand() * 256), Math.floor(rand() * 256), Math.floor(rand() * 254) + 1].join(".");
}

function recordXml(rand: () => number, domain: string, nl: string): string {
  const dkim = rand() < 0.7 ? "pass" : "fail";
  const spf = rand() < 0.6 ? "pass" : "fail";
  const disposition = dkim === "pass" || spf === "pass" ? "none" : pick(rand, ["none", "quarantine", "reject"]);
  const reason = rand() < 0.1 ? `<reason><type>${pick(rand, REASONS)}</type><comment>c</comment></reason>` : "";
  const envelopeFrom = rand() < 0.5 ? `<envelope_from>${domain}</envelope_from>` : "";
  let auth = "";
  const dkimCount = Math.floor(rand() * 3);
  for (let i = 0; i < dkimCount; i++)
    auth += `<dkim><domain>${i === 0 ? domain : "esp.example"}</domain><selector>s${i}</selector><result>${pick(rand, RESULTS)}</result></dkim>`;
  auth += `<spf><domain>${domain}</domain><scope>mfrom</scope><result>${pick(rand, RESULTS)}</result></spf>`;
  return (
    `<record>${nl}<row><source_ip>${sourceIp(rand)}</source_ip><count>${1 + Math.floor(rand() * 50)}</count>` +
    `<policy_evaluated><disposition>${disposition}</disposition><dkim>${dkim}</dkim><spf>${spf}</spf>${reason}</policy_evaluated></row>${nl}` +
    `<identifiers><header_from>${domain}</header_from>${envelopeFrom}</identifiers>${nl}<auth_results>${auth}</auth_results>${nl}</record>${nl}`
  );
}

/** The report as XML text, produced in pieces so a 100,000-record report is never one string. */
export function* syntheticAggregateXml(opts: SyntheticReportOptions): Generator<string> {
  const rand = prng(opts.seed);
  const reporter = pick(rand, REPORTERS);
  const nl = reporter.indent === "" ? "" : `\n${reporter.indent}`;
  const domain = `d${Math.floor(rand() * 1000)}.example.com`;
  const begin = 1_700_000_000 + Math.floor(rand() * 10_000) * 86_400;
  yield (
    `<?xml version="1.0" encoding="UTF-8"?>\n<feedback${reporter.ns ? ' xmlns="urn:ietf:params:xml:ns:dmarc-2.0"' : ""}>${nl}` +
    `<report_metadata><org_name>${reporter.org}</org_name><email>${reporter.email}</email>` +
    `<report_id>${opts.seed}-${Math.floor(rand() * 1e9)}</report_id><date_range><begin>${begin}</begin><end>${begin + 86_399}</end></date_range></report_metadata>${nl}` +
    `<policy_published><domain>${domain}</domain><adkim>r</adkim><aspf>r</aspf><p>${pick(rand, ["none", "quarantine", "reject"])}</p><sp>none</sp><pct>100</pct><fo>0</fo></policy_published>${nl}`
  );
  const BATCH = 500;
  for (let done = 0; done < opts.records; done += BATCH) {
    let part = "";
    for (let i = done; i < Math.min(opts.records, done + BATCH); i++) part += recordXml(rand, domain, nl);
    yield part;
  }
  yield "</feedback>\n";
}

/** The report as XML bytes. */
export function syntheticAggregateBytes(opts: SyntheticReportOptions): Buffer {
  return Buffer.from([...syntheticAggregateXml(opts)].join(""));
}

/** The report gzipped, as receivers send it. */
export function syntheticAggregateGzip(opts: SyntheticReportOptions): Buffer {
  return gzipSync(syntheticAggregateBytes(opts));
}
