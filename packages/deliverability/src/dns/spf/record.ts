/**
 * SPF record parsing (RFC 7208 §4.5–§4.6, §5, §6, ABNF in §12). The whole record is checked before
 * evaluation because any syntax error anywhere makes the result permerror (§4.6).
 */
import net from "node:net";

import { parseMacroString } from "./macro.ts";

export type Qualifier = "+" | "-" | "~" | "?";

export type Mechanism =
  | { kind: "all"; qualifier: Qualifier; text: string }
  | { kind: "include" | "exists"; qualifier: Qualifier; domainSpec: string; text: string }
  | { kind: "a" | "mx"; qualifier: Qualifier; domainSpec?: string; cidr4: number; cidr6: number; text: string }
  | { kind: "ptr"; qualifier: Qualifier; domainSpec?: string; text: string }
  | { kind: "ip4" | "ip6"; qualifier: Qualifier; address: string; prefix: number; text: string };

export interface SpfRecord {
  mechanisms: Mechanism[];
  redirect?: string;
  exp?: string;
  unknownModifiers: { name: string; value: string }[];
}

export type ParseOutcome = { ok: true; record: SpfRecord } | { ok: false; error: string };

/** §4.5: a record is SPF when it starts with "v=spf1" followed by a space or the end. */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1(?: |$)/i.test(text);
}

export function parseSpfRecord(text: string): ParseOutcome {
  if (!isSpfRecord(text)) return { ok: false, error: "record does not start with v=spf1" };
  // §3.1 / §4.6.1: ASCII only, terms separated by SP alone (no tabs or other control characters).
  if (/[^\x20-\x7e]/.test(text)) return { ok: false, error: "record contains non-ASCII or control characters" };
  const terms = text
    .slice("v=spf1".length)
    .split(" ")
    .filter((t) => t !== "");
  const record: SpfRecord = { mechanisms: [], unknownModifiers: [] };
  for (const term of terms) {
    const error = parseTerm(term, record);
    if (error) return { ok: false, error: `${error} (in "${term}")` };
  }
  return { ok: true, record };
}

function parseTerm(term: string, record: SpfRecord): string | undefined {
  const modifier = /^([a-zA-Z][a-zA-Z0-9\-_.]*)=(.*)$/.exec(term);
  if (modifier) {
    const name = (modifier[1] ?? "").toLowerCase();
    const value = modifier[2] ?? "";
    if (name === "redirect" || name === "exp") {
      if (record[name] !== undefined) return `${name} modifier appears more than once`;
      const error = validateDomainSpec(value);
      if (error) return error;
      record[name] = value;
      return undefined;
    }
    const parsed = parseMacroString(value, false);
    if (typeof parsed === "string") return parsed;
    record.unknownModifiers.push({ name, value });
    return undefined;
  }
  let qualifier: Qualifier = "+";
  let rest = term;
  if ("+-~?".includes(term.charAt(0))) {
    qualifier = term.charAt(0) as Qualifier;
    rest = term.slice(1);
  }
  const nameMatch = /^([a-zA-Z0-9]+)(.*)$/.exec(rest);
  const name = (nameMatch?.[1] ?? "").toLowerCase();
  const args = nameMatch?.[2] ?? rest;
  switch (name) {
    case "all":
      if (args !== "") return "all takes no arguments";
      record.mechanisms.push({ kind: "all", qualifier, text: term });
      return undefined;
    case "include":
    case "exists": {
      if (!args.startsWith(":")) return `${name} requires a domain`;
      const domainSpec = args.slice(1);
      const error = validateDomainSpec(domainSpec);
      if (error) return error;
      record.mechanisms.push({ kind: name, qualifier, domainSpec, text: term });
      return undefined;
    }
    case "a":
    case "mx": {
      const m = /^(?::(.*?))?(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(args);
      if (!m) return `bad ${name} arguments`;
      const [, domainSpec, c4, c6] = m;
      if (domainSpec !== undefined) {
        const error = validateDomainSpec(domainSpec);
        if (error) return error;
      }
      const cidr4 = parseCidr(c4, 32);
      const cidr6 = parseCidr(c6, 128);
      if (cidr4 === undefined || cidr6 === undefined) return "bad CIDR length";
      record.mechanisms.push({ kind: name, qualifier, ...(domainSpec !== undefined ? { domainSpec } : {}), cidr4, cidr6, text: term });
      return undefined;
    }
    case "ptr": {
      if (args === "") {
        record.mechanisms.push({ kind: "ptr", qualifier, text: term });
        return undefined;
      }
      if (!args.startsWith(":")) return "bad ptr arguments";
      const error = validateDomainSpec(args.slice(1));
      if (error) return error;
      record.mechanisms.push({ kind: "ptr", qualifier, domainSpec: args.slice(1), text: term });
      return undefined;
    }
    case "ip4":
    case "ip6": {
      if (!args.startsWith(":")) return `${name} requires an address`;
      const body = args.slice(1);
      const slash = body.indexOf("/");
      const address = slash < 0 ? body : body.slice(0, slash);
      const prefix = parseCidr(slash < 0 ? undefined : body.slice(slash + 1), name === "ip4" ? 32 : 128);
      if (prefix === undefined) return "bad CIDR length";
      if (name === "ip4" ? !isStrictIpv4(address) : !net.isIPv6(address)) return `bad ${name} address`;
      record.mechanisms.push({ kind: name, qualifier, address, prefix, text: term });
      return undefined;
    }
    default:
      return `unknown mechanism "${name || term}"`;
  }
}

/** §5.6: ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT), likewise ip6 with up to 3 digits. */
function parseCidr(text: string | undefined, max: number): number | undefined {
  if (text === undefined) return max;
  if (!/^(0|[1-9]\d{0,2})$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

function isStrictIpv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/**
 * domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand (§7.1).
 * toplabel = alphanumeric with at least one letter, or alphanumeric with inner hyphens (RFC 3696 §2).
 */
export function validateDomainSpec(spec: string): string | undefined {
  if (spec === "") return "empty domain-spec";
  const parsed = parseMacroString(spec, false);
  if (typeof parsed === "string") return parsed;
  if (/%\{[^}]*\}\.?$/.test(spec) && !/%%\{[^}]*\}\.?$/.test(spec)) return undefined;
  const trimmed = spec.replace(/\.$/, "");
  const dot = trimmed.lastIndexOf(".");
  if (dot < 0) return `"${spec}" is not a fully qualified domain`;
  const top = trimmed.slice(dot + 1);
  const isTop = /^(?=[a-zA-Z0-9]*[a-zA-Z])[a-zA-Z0-9]+$/.test(top) || /^[a-zA-Z0-9]+-[a-zA-Z0-9-]*[a-zA-Z0-9]$/.test(top);
  return isTop ? undefined : `"${top}" is not a valid top-level label`;
}
