/**
 * check_host() (RFC 7208 §4–§6): evaluates the SPF policy of a domain for a client IP, following
 * include and redirect, with the processing limits of §4.6.4 (10 DNS-querying terms, 2 void lookups,
 * 10 MX and 10 PTR names per mechanism). DNS outcomes are data; nothing here throws for network reasons.
 */
import ipaddr from "ipaddr.js";

import { reverseName } from "../names.ts";
import type { DnsResolver, LookupResult, RecordType } from "../types.ts";
import { expandParts, type MacroContext, parseMacroString, truncateDomain } from "./macro.ts";
import { isSpfRecord, type Mechanism, parseSpfRecord, type Qualifier } from "./record.ts";

export type SpfResult = "pass" | "fail" | "softfail" | "neutral" | "none" | "temperror" | "permerror";

/** §4.6.4: at most 10 terms that cause DNS queries per check_host() evaluation, recursion included. */
export const SPF_MAX_DNS_MECHANISMS = 10;
/** §4.6.4: at most 2 lookups returning NXDOMAIN or no answers. */
export const SPF_MAX_VOID_LOOKUPS = 2;
/** §4.6.4: an mx mechanism may look up at most 10 exchange hosts, else permerror. */
export const SPF_MAX_MX_NAMES = 10;
/** §4.6.4 / §5.5: only the first 10 PTR names are validated, the rest ignored. */
export const SPF_MAX_PTR_NAMES = 10;

export interface CheckHostInput {
  ip: string;
  /** The domain to check: the MAIL FROM domain, or the HELO name for the HELO identity. */
  domain: string;
  /** MAIL FROM address; empty means the HELO identity, i.e. postmaster@helo (§2.4). */
  sender: string;
  helo: string;
}

export interface CheckHostOptions {
  /** %{r} (§7.3); default "unknown". */
  receiver?: string;
  /** Clock for %{t}, ms since the epoch. */
  now?: () => number;
}

export interface CheckHostResult {
  result: SpfResult;
  /** The exp= explanation, set only on fail when the record has a usable one (§6.2). */
  explanation?: string;
  /** The term that decided, e.g. "-all" or "ip4:192.0.2.0/24"; "default" when nothing matched. */
  mechanism?: string;
  /** Why the result is temperror/permerror/none, in words. */
  reason?: string;
  dnsLookups: number;
  voidLookups: number;
}

class Abort {
  constructor(
    readonly result: "temperror" | "permerror",
    readonly reason: string,
  ) {}
}

interface State {
  resolver: DnsResolver;
  ip: ipaddr.IPv4 | ipaddr.IPv6;
  macro: Omit<MacroContext, "domain">;
  dnsLookups: number;
  voidLookups: number;
}

const QUALIFIER_RESULT: Record<Qualifier, SpfResult> = { "+": "pass", "-": "fail", "~": "softfail", "?": "neutral" };

export async function checkHost(input: CheckHostInput, resolver: DnsResolver, opts: CheckHostOptions = {}): Promise<CheckHostResult> {
  let parsedIp: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // IPv4-mapped IPv6 addresses are evaluated as the IPv4 address they carry (RFC 4291 §2.5.5.2).
    parsedIp = ipaddr.process(input.ip.replace(/^\[|\]$/g, ""));
  } catch {
    return { result: "permerror", reason: `"${input.ip}" is not an IP address`, dnsLookups: 0, voidLookups: 0 };
  }
  const sender = input.sender || `postmaster@${input.helo}`;
  const at = sender.lastIndexOf("@");
  const localPart = at > 0 ? sender.slice(0, at) : "postmaster";
  const senderDomain = at >= 0 ? sender.slice(at + 1) : sender;
  const isIpv6 = parsedIp.kind() === "ipv6";
  const state: State = {
    resolver,
    ip: parsedIp,
    dnsLookups: 0,
    voidLookups: 0,
    macro: {
      sender: at > 0 ? sender : `postmaster@${senderDomain}`,
      localPart,
      senderDomain,
      ip: parsedIp.toString(),
      isIpv6,
      helo: input.helo,
      receiver: opts.receiver ?? "unknown",
      timestamp: Math.floor((opts.now ?? Date.now)() / 1000),
      validatedName: () => validatedName(state, input.domain),
    },
  };
  const domain = input.domain.replace(/\.$/, "");
  // §4.3: a malformed or single-label domain gives "none" before any lookup.
  if (!isValidDomainName(domain) || !domain.includes(".")) {
    return { result: "none", reason: `"${input.domain}" is not a valid multi-label domain`, dnsLookups: 0, voidLookups: 0 };
  }
  try {
    const outcome = await evaluate(state, domain, false);
    return { ...outcome, dnsLookups: state.dnsLookups, voidLookups: state.voidLookups };
  } catch (err) {
    if (err instanceof Abort)
      return { result: err.result, reason: err.reason, dnsLookups: state.dnsLookups, voidLookups: state.voidLookups };
    throw err;
  }
}

export function isValidDomainName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name.split(".").every((label) => label.length > 0 && label.length <= 63);
}

type Outcome = Pick<CheckHostResult, "result" | "explanation" | "mechanism" | "reason">;

/** Fetches and selects the domain's SPF record (§4.4, §4.5). */
export async function fetchSpfRecord(resolver: DnsResolver, domain: string): Promise<{ record: string } | Outcome> {
  const txt = await resolver.query(domain, "TXT");
  if (txt.kind === "error") {
    return txt.error === "badname"
      ? { result: "none", reason: txt.message }
      : { result: "temperror", reason: `TXT lookup for ${domain}: ${txt.message}` };
  }
  if (txt.kind !== "answer") return { result: "none", reason: `no TXT records at ${domain} (${txt.kind})` };
  // §3.3: the character-strings of one TXT record are concatenated without separators.
  const spf = txt.records.map((strings) => strings.join("")).filter(isSpfRecord);
  if (spf.length === 0) return { result: "none", reason: `no v=spf1 record at ${domain}` };
  if (spf.length > 1) return { result: "permerror", reason: `${spf.length} SPF records at ${domain} (§4.5 allows one)` };
  return { record: spf[0] as string };
}

async function evaluate(state: State, domain: string, isNested: boolean): Promise<Outcome> {
  const fetched = await fetchSpfRecord(state.resolver, domain);
  if (!("record" in fetched)) return fetched;
  const parsed = parseSpfRecord(fetched.record);
  if (!parsed.ok) return { result: "permerror", reason: `${domain}: ${parsed.error}` };
  const { record } = parsed;
  const ctx: MacroContext = { ...state.macro, domain };
  for (const mechanism of record.mechanisms) {
    if (await matches(state, mechanism, ctx, domain)) {
      const result = QUALIFIER_RESULT[mechanism.qualifier];
      const explanation = result === "fail" && record.exp !== undefined && !isNested ? await explain(state, record.exp, ctx) : undefined;
      return { result, mechanism: mechanism.text, ...(explanation !== undefined ? { explanation } : {}) };
    }
  }
  // §6.1: redirect applies only when nothing matched, and is ignored when the record has "all".
  if (record.redirect !== undefined && !record.mechanisms.some((m) => m.kind === "all")) {
    countLookup(state);
    const target = await expandDomain(state, record.redirect, ctx);
    if (target === undefined || !isValidDomainName(target))
      throw new Abort("permerror", `redirect target "${record.redirect}" is malformed`);
    const outcome = await evaluate(state, target, isNested);
    if (outcome.result === "none") throw new Abort("permerror", `redirect target ${target} has no SPF record`);
    return outcome;
  }
  return { result: "neutral", mechanism: "default" };
}

function countLookup(state: State): void {
  state.dnsLookups++;
  if (state.dnsLookups > SPF_MAX_DNS_MECHANISMS) throw new Abort("permerror", `more than ${SPF_MAX_DNS_MECHANISMS} DNS-querying terms`);
}

/** Looks up a name for a mechanism: transient errors abort with temperror (§5), void answers are counted. */
async function lookup<T extends RecordType>(state: State, name: string, type: T, countVoids = true): Promise<LookupResult<T>> {
  const result = await state.resolver.query(name, type);
  if (result.kind === "error" && result.error !== "badname") throw new Abort("temperror", `${type} lookup for ${name}: ${result.message}`);
  if (countVoids && (result.kind === "nxdomain" || result.kind === "nodata")) countVoid(state);
  return result;
}

function countVoid(state: State): void {
  state.voidLookups++;
  if (state.voidLookups > SPF_MAX_VOID_LOOKUPS) throw new Abort("permerror", `more than ${SPF_MAX_VOID_LOOKUPS} void lookups`);
}

async function expandDomain(state: State, spec: string, ctx: MacroContext): Promise<string | undefined> {
  const parts = parseMacroString(spec, false);
  if (typeof parts === "string") return undefined;
  return truncateDomain(await expandParts(parts, ctx));
}

function inCidr(state: State, address: string, cidr4: number, cidr6: number): boolean {
  if (!ipaddr.isValid(address)) return false;
  const candidate = ipaddr.parse(address);
  if (candidate.kind() !== state.ip.kind()) return false;
  return state.ip.match(candidate, candidate.kind() === "ipv4" ? cidr4 : cidr6);
}

async function addressesOf(state: State, name: string, countVoids: boolean): Promise<string[]> {
  if (!isValidDomainName(name)) return [];
  const result = await lookup(state, name, state.ip.kind() === "ipv4" ? "A" : "AAAA", countVoids);
  return result.kind === "answer" ? result.records : [];
}

async function matches(state: State, m: Mechanism, ctx: MacroContext, domain: string): Promise<boolean> {
  switch (m.kind) {
    case "all":
      return true;
    case "ip4":
    case "ip6":
      return inCidr(state, m.address, m.prefix, m.prefix);
    case "include": {
      countLookup(state);
      const target = await expandDomain(state, m.domainSpec, ctx);
      if (target === undefined || !isValidDomainName(target)) throw new Abort("permerror", `include target "${m.domainSpec}" is malformed`);
      const outcome = await evaluate(state, target, true);
      // §5.2: the include result table.
      if (outcome.result === "pass") return true;
      if (outcome.result === "temperror") throw new Abort("temperror", outcome.reason ?? `include:${target} temperror`);
      if (outcome.result === "permerror" || outcome.result === "none")
        throw new Abort("permerror", outcome.reason ?? `include:${target} has no SPF record`);
      return false;
    }
    case "a": {
      countLookup(state);
      const target = m.domainSpec === undefined ? domain : await expandDomain(state, m.domainSpec, ctx);
      if (target === undefined) return false;
      return (await addressesOf(state, target, true)).some((a) => inCidr(state, a, m.cidr4, m.cidr6));
    }
    case "mx": {
      countLookup(state);
      const target = m.domainSpec === undefined ? domain : await expandDomain(state, m.domainSpec, ctx);
      if (target === undefined || !isValidDomainName(target)) return false;
      const mx = await lookup(state, target, "MX");
      if (mx.kind !== "answer") return false;
      const exchanges = [...mx.records].sort((x, y) => x.preference - y.preference).map((r) => r.exchange);
      for (const exchange of exchanges.slice(0, SPF_MAX_MX_NAMES)) {
        if (exchange === "" || exchange === ".") continue;
        if ((await addressesOf(state, exchange, false)).some((a) => inCidr(state, a, m.cidr4, m.cidr6))) return true;
      }
      // §4.6.4: looking at an 11th exchange would exceed the limit; a match among the first 10 stands.
      if (exchanges.length > SPF_MAX_MX_NAMES) throw new Abort("permerror", `mx:${target} has more than ${SPF_MAX_MX_NAMES} MX records`);
      return false;
    }
    case "ptr": {
      countLookup(state);
      const target = m.domainSpec === undefined ? domain : await expandDomain(state, m.domainSpec, ctx);
      if (target === undefined) return false;
      const names = await validatedNames(state, true);
      const t = target.toLowerCase();
      return names.some((n) => n === t || n.endsWith(`.${t}`));
    }
    case "exists": {
      countLookup(state);
      const target = await expandDomain(state, m.domainSpec, ctx);
      if (target === undefined || !isValidDomainName(target)) return false;
      // §5.7: "The lookup type is A even when the connection type is IPv6." An AAAA-only name does not
      // match (pyspf rfc7208-tests exists-ip6only); mail-auth's AAAA fallback is not followed.
      const a = await state.resolver.query(target, "A");
      if (a.kind === "answer") return true;
      if (a.kind === "error" && a.error !== "badname") throw new Abort("temperror", `A lookup for ${target}: ${a.message}`);
      countVoid(state);
      return false;
    }
  }
}

/** §5.5: PTR names of <ip> whose forward lookup contains <ip>; DNS errors make the mechanism not match. */
async function validatedNames(state: State, countVoids: boolean): Promise<string[]> {
  const ptr = await state.resolver.query(reverseName(state.ip.toString()), "PTR");
  if (ptr.kind !== "answer") {
    if (countVoids && (ptr.kind === "nxdomain" || ptr.kind === "nodata")) countVoid(state);
    return [];
  }
  const valid: string[] = [];
  for (const name of ptr.records.slice(0, SPF_MAX_PTR_NAMES)) {
    if (!isValidDomainName(name)) continue;
    const forward = await state.resolver.query(name, state.ip.kind() === "ipv4" ? "A" : "AAAA");
    if (forward.kind === "answer" && forward.records.some((a) => ipaddr.isValid(a) && ipaddr.parse(a).toString() === state.ip.toString())) {
      valid.push(name.toLowerCase());
    }
  }
  return valid;
}

/** %{p} (§7.3): prefer the domain itself, then a subdomain of it, then any validated name. */
async function validatedName(state: State, domain: string): Promise<string> {
  try {
    const names = await validatedNames(state, false);
    const d = domain.toLowerCase();
    return names.find((n) => n === d) ?? names.find((n) => n.endsWith(`.${d}`)) ?? names[0] ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** §6.2: any problem with exp= (DNS error, not exactly one record, bad macro) means no explanation. */
async function explain(state: State, spec: string, ctx: MacroContext): Promise<string | undefined> {
  try {
    const name = await expandDomain(state, spec, ctx);
    if (name === undefined || !isValidDomainName(name)) return undefined;
    const txt = await state.resolver.query(name, "TXT");
    if (txt.kind !== "answer" || txt.records.length !== 1) return undefined;
    const text = (txt.records[0] ?? []).join("");
    const parts = parseMacroString(text, true);
    if (typeof parts === "string") return undefined;
    return await expandParts(parts, ctx);
  } catch {
    return undefined;
  }
}
