/**
 * MX check: records by preference (RFC 5321 §5.1), null MX (RFC 7505), every exchange's A/AAAA,
 * exchanges that are CNAMEs (RFC 2181 §10.3 forbids it) or IP literals (not a host name).
 */
import net from "node:net";

import { finding, graded, statusOf, temperrorFinding } from "./findings.ts";
import type { CheckResultBase, DnsResolver, Finding } from "./types.ts";

export interface MxHost {
  exchange: string;
  preference: number;
  ipv4: string[];
  ipv6: string[];
  /** The CNAME chain the exchange name went through, if any. */
  cnames: string[];
}

export interface MxCheckResult extends CheckResultBase {
  check: "mx";
  domain: string;
  hosts: MxHost[];
  nullMx: boolean;
}

export async function checkMx(domain: string, resolver: DnsResolver): Promise<MxCheckResult> {
  const findings: Finding[] = [];
  const result = (status: MxCheckResult["status"], hosts: MxHost[], records: string[], nullMx = false): MxCheckResult => ({
    check: "mx",
    domain,
    status,
    ...graded(status, findings),
    findings,
    records,
    hosts,
    nullMx,
  });
  const mx = await resolver.query(domain, "MX");
  if (mx.kind === "error") {
    findings.push(temperrorFinding("mx", domain, mx));
    return result("temperror", [], []);
  }
  if (mx.kind === "nxdomain") {
    findings.push(
      finding(
        "critical",
        "mx.domain-missing",
        `${domain} does not exist in DNS (NXDOMAIN).`,
        "Register the domain or fix its delegation; no mail can reach it.",
      ),
    );
    return result("fail", [], []);
  }
  if (mx.kind === "nodata") {
    const implicit = await resolver.query(domain, "A");
    findings.push(
      implicit.kind === "answer"
        ? finding(
            "warning",
            "mx.implicit",
            `${domain} has no MX record; senders fall back to its A record (RFC 5321 §5.1).`,
            `Publish an MX record, e.g. "${domain}. MX 10 mail.${domain}.", or a null MX if it receives no mail.`,
          )
        : finding(
            "critical",
            "mx.none",
            `${domain} has no MX and no address records: it cannot receive mail (bounces, DMARC reports).`,
            `Publish an MX record, or "MX 0 ." (RFC 7505) to say the domain accepts no mail.`,
          ),
    );
    return result(statusOf(findings), [], []);
  }
  const sorted = [...mx.records].sort((a, b) => a.preference - b.preference || a.exchange.localeCompare(b.exchange));
  const records = sorted.map((r) => `${r.preference} ${r.exchange || "."}`);
  const nulls = sorted.filter((r) => r.exchange === "" || r.exchange === ".");
  if (nulls.length > 0) {
    if (sorted.length > 1) {
      findings.push(
        finding(
          "critical",
          "mx.null-mixed",
          "A null MX is published next to other MX records; RFC 7505 §3 forbids mixing them.",
          'Keep either the null MX ("MX 0 .") or the real MX records.',
        ),
      );
    } else {
      findings.push(
        finding(
          "info",
          "mx.null",
          `${domain} publishes a null MX: it accepts no mail (RFC 7505).`,
          "Nothing to fix if the domain only sends; note that bounces to it fail at once.",
        ),
      );
      return result("pass", [], records, true);
    }
  }
  const hosts = await Promise.all(
    sorted
      .filter((r) => r.exchange !== "" && r.exchange !== ".")
      .map(async ({ exchange, preference }): Promise<MxHost> => {
        if (net.isIP(exchange.replace(/^\[|\]$/g, ""))) {
          findings.push(
            finding(
              "critical",
              "mx.ip-literal",
              `MX ${exchange} is an IP address, not a host name (RFC 5321 §5.1).`,
              `Point the MX at a host name with an A/AAAA record, e.g. mail.${domain}.`,
            ),
          );
          return { exchange, preference, ipv4: [], ipv6: [], cnames: [] };
        }
        const [a, aaaa] = await Promise.all([resolver.query(exchange, "A"), resolver.query(exchange, "AAAA")]);
        for (const r of [a, aaaa]) if (r.kind === "error") findings.push(temperrorFinding("mx", exchange, r));
        const cnames = [...(a.kind === "answer" ? a.cnames : []), ...(aaaa.kind === "answer" ? aaaa.cnames : [])];
        const host: MxHost = {
          exchange,
          preference,
          ipv4: a.kind === "answer" ? a.records : [],
          ipv6: aaaa.kind === "answer" ? aaaa.records : [],
          cnames: [...new Set(cnames)],
        };
        if (host.cnames.length > 0) {
          findings.push(
            finding(
              "warning",
              "mx.cname",
              `MX ${exchange} is a CNAME (to ${host.cnames.join(" → ")}); RFC 2181 §10.3 says an MX must name the host itself.`,
              `Point the MX at the canonical name ${host.cnames.at(-1) ?? ""}.`,
            ),
          );
        }
        if (host.ipv4.length === 0 && host.ipv6.length === 0 && a.kind !== "error" && aaaa.kind !== "error") {
          findings.push(
            finding(
              "critical",
              "mx.host-unresolvable",
              `MX ${exchange} has no A or AAAA record; mail to it cannot be delivered.`,
              `Publish an address for ${exchange} or remove the MX record.`,
            ),
          );
        }
        return host;
      }),
  );
  const transient = findings.some((f) => f.code === "mx.temperror");
  return result(transient ? "temperror" : statusOf(findings), hosts, records, false);
}
