/**
 * DNSBL lookups (RFC 5782): an IP as reversed octets (IPv6 nibbles) under each list zone, a domain as
 * <domain>.<zone>. Lists are queried concurrently with a bound and a per-list deadline; answers are
 * read per list (meanings, error codes such as Spamhaus 127.255.255.x), the TXT reason fetched for
 * listings, and the listings weighed into one severity.
 */
import ipaddr from "ipaddr.js";

import { finding, gradeOf } from "../findings.ts";
import { reverseName } from "../names.ts";
import type { CheckResultBase, DnsResolver, Finding, Severity } from "../types.ts";
import { type Blocklist, buildCatalogue, type CatalogueOverrides } from "./catalogue.ts";

/** Enough to ask 50 lists at once; bench target: 50 lists ≤ 3 × one query. */
export const DNSBL_DEFAULT_CONCURRENCY = 64;
/** A list slower than this is reported as an error, not waited for. */
export const DNSBL_LIST_TIMEOUT_MS = 3_000;
/** Summed weight at which listings are critical even if no single list is. */
export const DNSBL_CRITICAL_SCORE = 10;
/** A single list of this weight or more makes a listing critical (Spamhaus, Barracuda, SpamCop). */
export const DNSBL_CRITICAL_WEIGHT = 8;
/** RFC 5782 §2.1: answers must be inside 127.0.0.0/8; anything else is a wildcard or hijack. */
const LOOPBACK_V4 = ipaddr.parseCIDR("127.0.0.0/8");
/** Spamhaus and others signal refusal and rate limiting with 127.255.255.0/24. */
const REFUSAL_RANGE = ipaddr.parseCIDR("127.255.255.0/24");

export interface DnsblListResult {
  zone: string;
  name: string;
  weight: number;
  status: "listed" | "clear" | "error";
  codes: string[];
  meanings: string[];
  reason?: string;
  delistUrl: string;
  error?: string;
}

export interface DnsblCheckResult extends CheckResultBase {
  check: "dnsbl";
  target: string;
  kind: "ip" | "domain";
  lists: DnsblListResult[];
  listedCount: number;
  /** Lists that gave a usable answer (listed or clear); the verdict rests on these alone. */
  answeredCount: number;
  /** Lists that refused, timed out or answered outside 127.0.0.0/8 (RFC 5782 §2.1). */
  errorCount: number;
  /** Sum of the weights of the lists that list the target. */
  score: number;
  /** One line for people: "listed on 2 of 53 lists; 2 gave no answer", "could not check: all 55 lists …". */
  summary: string;
}

/** Error texts quoted in a summary or reason: enough to recognise the cause, short enough to read. */
const DNSBL_QUOTED_ERRORS = 3;

function quoteErrors(errors: DnsblListResult[]): string {
  return (
    errors
      .slice(0, DNSBL_QUOTED_ERRORS)
      .map((e) => `${e.zone}: ${e.error ?? "no answer"}`)
      .join("; ") + (errors.length > DNSBL_QUOTED_ERRORS ? "; …" : "")
  );
}

/**
 * The counts as a person reads them. A list without a usable answer is neither clear nor listed, so the
 * denominator is the lists that answered and the others are named apart ("0 of 55" when 55 lists refused
 * would claim a measurement that never happened).
 */
export function dnsblSummary(r: Pick<DnsblCheckResult, "listedCount" | "answeredCount" | "errorCount">, unknownReason?: string): string {
  if (unknownReason !== undefined) return `could not check: ${unknownReason}`;
  const total = r.answeredCount + r.errorCount;
  const noAnswer = r.errorCount > 0 ? `; ${r.errorCount} gave no answer` : "";
  if (r.listedCount === 0) return `clear on ${r.answeredCount} of ${total} lists${noAnswer}`;
  return `listed on ${r.listedCount} of ${r.answeredCount} lists that answered${noAnswer}`;
}

export interface DnsblCheckOptions extends CatalogueOverrides {
  catalogue?: Blocklist[];
  concurrency?: number;
  listTimeoutMs?: number;
  /** Fetch the TXT reason of listings (default true). */
  fetchReasons?: boolean;
}

/** Runs `tasks` with at most `limit` in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * One timer for the whole fan-out rather than one per list: every list's lookups race the same
 * deadline. Lists beyond `concurrency` start in later waves, so the deadline allows one
 * `listTimeoutMs` per wave.
 */
interface BatchDeadline {
  /** Resolves when the batch is out of time; never rejects. */
  reached: Promise<void>;
  timeoutMs: number;
  cancel(): void;
}

function batchDeadline(lists: number, concurrency: number, listTimeoutMs: number): BatchDeadline {
  const timeoutMs = listTimeoutMs * Math.max(1, Math.ceil(lists / Math.max(1, concurrency)));
  let timer: NodeJS.Timeout | undefined;
  const reached = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  return { reached, timeoutMs, cancel: () => clearTimeout(timer) };
}

function before<T>(promise: Promise<T>, deadline: BatchDeadline, onTimeout: () => T): Promise<T> {
  return Promise.race([promise, deadline.reached.then(onTimeout)]);
}

function queryName(target: string, kind: "ip" | "domain", zone: string): string {
  if (kind === "domain") return `${target}.${zone}`;
  return reverseName(target).replace(/\.(in-addr|ip6)\.arpa$/, `.${zone}`);
}

function interpret(
  list: Blocklist,
  addresses: string[],
): { status: "listed" | "clear" | "error"; codes: string[]; meanings: string[]; error?: string } {
  const meanings: string[] = [];
  const errors: string[] = [];
  const listed: string[] = [];
  for (const code of addresses) {
    const ip = ipaddr.isValid(code) ? ipaddr.parse(code) : undefined;
    if (!ip || ip.kind() !== "ipv4" || !ip.match(LOOPBACK_V4)) {
      errors.push(`${code} is outside 127.0.0.0/8 (wildcard DNS or a hijacking resolver)`);
      continue;
    }
    const errorMeaning = list.errorCodes?.[code];
    if (errorMeaning || ip.match(REFUSAL_RANGE)) {
      errors.push(`${code}: ${errorMeaning ?? "query refused or rate limited"}`);
      continue;
    }
    if (list.notListed?.includes(code)) continue;
    listed.push(code);
    if (list.bitmask) {
      const bits = Number(code.split(".")[3]);
      for (const [c, meaning] of Object.entries(list.codes ?? {})) if (bits & Number(c.split(".")[3])) meanings.push(meaning);
    } else {
      meanings.push(list.codes?.[code] ?? `listed (${code})`);
    }
  }
  if (listed.length > 0) return { status: "listed", codes: listed, meanings };
  if (errors.length > 0) return { status: "error", codes: addresses, meanings: [], error: errors.join("; ") };
  return { status: "clear", codes: [], meanings: [] };
}

async function queryList(
  target: string,
  kind: "ip" | "domain",
  list: Blocklist,
  resolver: DnsResolver,
  opts: DnsblCheckOptions,
  deadline: BatchDeadline,
): Promise<DnsblListResult> {
  const base = {
    zone: list.zone,
    name: list.name,
    weight: list.weight,
    delistUrl: list.delistUrl,
    codes: [] as string[],
    meanings: [] as string[],
  };
  const name = queryName(target, kind, list.zone);
  const answer = await before(resolver.query(name, "A"), deadline, () => ({
    kind: "error" as const,
    error: "timeout" as const,
    message: `no answer within ${deadline.timeoutMs} ms`,
  }));
  if (answer.kind === "nxdomain" || answer.kind === "nodata") return { ...base, status: "clear" };
  if (answer.kind === "error") return { ...base, status: "error", error: answer.message };
  const verdict = interpret(list, answer.records);
  const result: DnsblListResult = { ...base, ...verdict };
  if (verdict.status === "listed" && opts.fetchReasons !== false) {
    const txt = await before(resolver.query(name, "TXT"), deadline, () => ({ kind: "nodata" as const }));
    if (txt.kind === "answer") result.reason = txt.records.map((r) => r.join("")).join(" ");
  }
  return result;
}

export async function checkDnsbl(target: string, resolver: DnsResolver, opts: DnsblCheckOptions = {}): Promise<DnsblCheckResult> {
  const kind: "ip" | "domain" = ipaddr.isValid(target) ? "ip" : "domain";
  const normalized = kind === "ip" ? ipaddr.process(target).toString() : target.toLowerCase().replace(/\.$/, "");
  const isV6 = kind === "ip" && normalized.includes(":");
  const catalogue = (opts.catalogue ?? buildCatalogue(opts)).filter((l) => (opts.only ? true : l.kind === kind) && (!isV6 || l.ipv6));
  const concurrency = opts.concurrency ?? DNSBL_DEFAULT_CONCURRENCY;
  const deadline = batchDeadline(catalogue.length, concurrency, opts.listTimeoutMs ?? DNSBL_LIST_TIMEOUT_MS);
  const lists = await mapLimit(catalogue, concurrency, (l) => queryList(normalized, kind, l, resolver, opts, deadline)).finally(() =>
    deadline.cancel(),
  );
  const listed = lists.filter((l) => l.status === "listed");
  const score = listed.reduce((n, l) => n + l.weight, 0);
  const findings: Finding[] = listed.map((l) => {
    const severity: Severity =
      l.weight >= DNSBL_CRITICAL_WEIGHT || score >= DNSBL_CRITICAL_SCORE ? "critical" : l.weight >= 3 ? "warning" : "info";
    return finding(
      severity,
      "dnsbl.listed",
      `${normalized} is listed on ${l.name} (${l.zone}): ${l.meanings.join(", ")}${l.reason ? ` — "${l.reason}"` : ""}.`,
      `Find and stop the cause (compromised account, list hygiene), then request removal${l.delistUrl ? ` at ${l.delistUrl}` : ""}.`,
    );
  });
  const errors = lists.filter((l) => l.status === "error");
  if (errors.length > 0)
    findings.push(
      finding(
        "info",
        "dnsbl.query-errors",
        `${errors.length} of ${lists.length} lists gave no usable answer (${quoteErrors(errors)}).`,
        "Query DNSBLs through your own recursive resolver, not a public one (many lists refuse those).",
      ),
    );
  const counts = { listedCount: listed.length, answeredCount: lists.length - errors.length, errorCount: errors.length };
  // Not one usable answer (or no list enabled): nothing was measured, so no grade (temperror / none).
  const unknownReason =
    lists.length === 0
      ? `no ${kind === "ip" ? "IP" : "domain"} blocklists are enabled`
      : counts.answeredCount === 0
        ? `all ${lists.length} lists refused or timed out: ${quoteErrors(errors)}`
        : undefined;
  const status = listed.length > 0 ? "fail" : lists.length === 0 ? "none" : unknownReason ? "temperror" : "pass";
  return {
    check: "dnsbl",
    target: normalized,
    kind,
    status,
    ...(unknownReason === undefined ? { grade: gradeOf(findings) } : { grade: null, unknownReason }),
    findings,
    records: listed.map((l) => `${l.zone}: ${l.codes.join(",")}`),
    lists,
    ...counts,
    score,
    summary: dnsblSummary(counts, unknownReason),
  };
}
