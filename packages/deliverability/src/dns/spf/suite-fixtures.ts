/**
 * Test-only loaders turning the SPF conformance suites in shared/corpus/spf-suite into TestZone
 * fixtures for the loopback DNS server: the openspf/pyspf YAML (zonedata semantics of pyspf's
 * testspf.py) and stalwartlabs/mail-auth's line-based scenario files.
 */
import { parseAllDocuments } from "yaml";

import { reverseName } from "../names.ts";
import type { TestDnsFaults, TestZone, ZoneNode } from "../testing/zone.ts";

export interface SuiteCase {
  scenario: string;
  name: string;
  ip: string;
  mailFrom: string;
  helo: string;
  /** Acceptable results. */
  results: string[];
  explanation?: string;
}

export interface SuiteScenario {
  description: string;
  zone: TestZone;
  faults: TestDnsFaults;
  cases: SuiteCase[];
}

type ZoneEntry = "TIMEOUT" | Record<string, unknown>;

/**
 * pyspf semantics: SPF entries also serve as TXT unless the name lists TXT itself; "NONE" means no
 * record; "TIMEOUT" makes every type not listed before it time out.
 */
function convertZonedata(zonedata: Record<string, ZoneEntry[]>): { zone: TestZone; faults: TestDnsFaults } {
  const zone: TestZone = {};
  const timeout: string[] = [];
  for (const [name, entries] of Object.entries(zonedata)) {
    const node: ZoneNode = {};
    const seen = new Set<string>();
    const generatedTxt: (string | string[])[] = [];
    let hasTxt = false;
    let timedOut = false;
    for (const entry of entries) {
      if (entry === "TIMEOUT") {
        if (!timedOut) for (const t of ["A", "AAAA", "MX", "TXT", "PTR", "CNAME"]) if (!seen.has(t)) timeout.push(`${name}/${t}`);
        timedOut = true;
        continue;
      }
      for (const [type, value] of Object.entries(entry)) {
        if (type === "TXT") hasTxt = true;
        if (value === "NONE") continue;
        if (value === "TIMEOUT") {
          timeout.push(`${name}/${type === "SPF" ? "TXT" : type}`);
          continue;
        }
        if (!timedOut) seen.add(type);
        const text = Array.isArray(value) ? (value as string[]) : String(value);
        switch (type) {
          case "SPF":
            generatedTxt.push(text);
            break;
          case "TXT":
            (node.TXT ??= []).push(text);
            break;
          case "A":
          case "AAAA":
          case "PTR":
            (node[type] ??= []).push(...(Array.isArray(value) ? (value as string[]) : [String(value)]));
            break;
          case "CNAME":
            node.CNAME = String(value);
            break;
          case "MX": {
            const [preference, exchange] = value as [number, string];
            (node.MX ??= []).push({ preference, exchange });
            break;
          }
        }
      }
    }
    if (!hasTxt && generatedTxt.length > 0) node.TXT = generatedTxt;
    zone[name] = node;
  }
  return { zone, faults: { timeout } };
}

export function loadPyspfSuite(yamlText: string): SuiteScenario[] {
  return parseAllDocuments(yamlText).map((doc) => {
    const data = doc.toJS() as {
      description: string;
      tests: Record<string, Record<string, unknown>>;
      zonedata: Record<string, ZoneEntry[]>;
    };
    const { zone, faults } = convertZonedata(data.zonedata ?? {});
    const cases = Object.entries(data.tests ?? {}).map(([name, t]) => ({
      scenario: data.description,
      name,
      ip: String(t.host as string),
      mailFrom: String((t.mailfrom as string | undefined) ?? ""),
      helo: String((t.helo as string | undefined) ?? ""),
      results: Array.isArray(t.result) ? (t.result as string[]) : [String(t.result)],
      ...(typeof t.explanation === "string" ? { explanation: t.explanation } : {}),
    }));
    return { description: data.description, zone, faults, cases };
  });
}

/** stalwartlabs/mail-auth resources/spf/*.yml: not strict YAML, read line by line like upstream. */
export function loadMailAuthSuite(text: string, file: string): SuiteScenario[] {
  const scenarios: SuiteScenario[] = [];
  for (const doc of text.split(/^---\s*$/m)) {
    const zone: TestZone = {};
    const cases: SuiteCase[] = [];
    let description = file;
    let current: Partial<SuiteCase> | undefined;
    const flush = () => {
      if (current?.ip !== undefined) cases.push(current as SuiteCase);
      current = undefined;
    };
    const node = (name: string): ZoneNode => (zone[name.toLowerCase()] ??= {});
    for (const raw of doc.split("\n")) {
      const line = raw.replace(/\s+$/, "");
      if (line.trim().startsWith("#") || line.trim() === "") continue;
      const m = /^\s*(-\s+)?([a-z]+):\s?(.*)$/.exec(line);
      if (!m) continue;
      const [, dash, key = "", value = ""] = m;
      if (key === "name" && !line.startsWith(" ")) description = `${file}: ${value}`;
      else if (key === "spf" || key === "exp") {
        const [name = "", ...rest] = value.split(" ");
        (node(name).TXT ??= []).push(rest.join(" "));
      } else if (key === "a" || key === "aaaa") {
        const [name = "", ...rest] = value.split(" ");
        const ips = rest.join("").split(",").filter(Boolean);
        for (const ip of ips) (ip.includes(":") ? (node(name).AAAA ??= []) : (node(name).A ??= [])).push(ip);
      } else if (key === "ptr") {
        const [ip = "", ...rest] = value.trim().split(" ");
        node(reverseName(ip)).PTR = rest.join("").split(",").filter(Boolean);
      } else if (key === "mx") {
        const [name = "", ...rest] = value.split(" ");
        rest
          .join("")
          .split(",")
          .filter(Boolean)
          .forEach((ip, pos) => {
            const host = `mx.${ip}.${pos}`;
            (node(name).MX ??= []).push({ preference: pos + 1, exchange: host });
            (ip.includes(":") ? (node(host).AAAA ??= []) : (node(host).A ??= [])).push(ip);
          });
      } else if (dash && key === "domain") {
        flush();
        current = { scenario: description, name: `${description} #${cases.length + 1}`, helo: value, mailFrom: "" };
      } else if (current && key === "sender") current.mailFrom = value;
      else if (current && key === "ip") current.ip = value;
      else if (current && key === "expect") {
        const [result = "", ...rest] = value.split(" ");
        current.results = [result];
        if (rest.length > 0) current.explanation = rest.join(" ");
      }
    }
    flush();
    if (cases.length > 0) scenarios.push({ description, zone, faults: { servfail: [/^_dns_error\./] }, cases });
  }
  return scenarios;
}
