/**
 * Drift between two stored check results of the same domain or IP: the events a timeline and the
 * alert rules consume. Pure and JSON in, JSON out.
 */
import { checkEntries, checkRecord, type DomainCheckResult, type IpCheckResult } from "./check-domain.ts";
import { DMARC_STRENGTHS } from "./dmarc.ts";
import { SPF_MAX_DNS_MECHANISMS } from "./spf/check-host.ts";
import type { Finding, MaybeGrade, Severity } from "./types.ts";

export type DriftType =
  | "record.added"
  | "record.removed"
  | "record.changed"
  | "spf.over-lookup-limit"
  | "spf.within-lookup-limit"
  | "dmarc.policy-weakened"
  | "dmarc.policy-strengthened"
  | "dkim.key-removed"
  | "dkim.key-restored"
  | "dkim.key-shortened"
  | "dnsbl.listed"
  | "dnsbl.delisted"
  | "finding.opened"
  | "finding.resolved"
  | "checks.unknown"
  | "checks.known";

export interface DriftEvent {
  type: DriftType;
  check: string;
  severity: Severity;
  message: string;
  before?: unknown;
  after?: unknown;
}

type AnyResult = DomainCheckResult | IpCheckResult;
type CheckLike = { records: string[]; findings: Finding[]; grade?: MaybeGrade; unknownReason?: string };

/** A check that could not run: its empty records and temperror findings describe the lookup, not the zone. */
function isUnknown(c: CheckLike): boolean {
  return c.grade === null;
}

function unknownChecksOf(result: AnyResult): [string, CheckLike][] {
  return checkEntries(result).filter(([, c]) => isUnknown(c));
}

/**
 * "checks.unknown" when the set of checks that could not run changes to a non-empty one (the first run
 * included: `previous` undefined), "checks.known" when every check runs again. One event per subject,
 * not per check, so the newest event alone says whether the domain or IP is being measured (the
 * alert input reads it as a state).
 */
export function unknownChecksDrift(previous: AnyResult | undefined, current: AnyResult): DriftEvent[] {
  const before = previous ? unknownChecksOf(previous).map(([k]) => k) : [];
  const after = unknownChecksOf(current);
  const names = after.map(([k]) => k);
  if (after.length > 0 && names.join(",") !== before.join(",")) {
    const reasons = after.map(([k, c]) => `${k}: ${c.unknownReason ?? "lookups failed"}`).join("; ");
    return [
      {
        type: "checks.unknown",
        check: names.join(","),
        severity: "warning",
        message: `Could not check ${names.join(", ")} (${reasons}).`,
        ...(before.length > 0 ? { before } : {}),
        after: names,
      },
    ];
  }
  if (after.length === 0 && before.length > 0) {
    return [
      { type: "checks.known", check: before.join(","), severity: "info", message: `${before.join(", ")} could be checked again.`, before },
    ];
  }
  return [];
}

export function diffCheckResults(previous: AnyResult, current: AnyResult): DriftEvent[] {
  const events: DriftEvent[] = [];
  const prevChecks = checkRecord(previous);
  const currChecks = checkRecord(current);
  for (const check of new Set([...Object.keys(prevChecks), ...Object.keys(currChecks)])) {
    const before = prevChecks[check];
    const after = currChecks[check];
    if (!before || !after) continue;
    // A failed lookup is not a change of the zone: no record or finding drift across an unknown run.
    if (isUnknown(before) || isUnknown(after)) continue;
    // DNSBL "records" are listings; they have their own events below.
    if (check !== "dnsbl") recordEvents(check, before.records, after.records, events);
    findingEvents(check, before.findings, after.findings, events);
  }
  if (previous.kind === "domain" && current.kind === "domain") domainEvents(previous, current, events);
  const prevBl = (previous.checks as { dnsbl?: { lists: { zone: string; name: string; status: string }[] } }).dnsbl;
  const currBl = (current.checks as { dnsbl?: { lists: { zone: string; name: string; status: string }[] } }).dnsbl;
  if (prevBl && currBl) {
    const wasListed = new Set(prevBl.lists.filter((l) => l.status === "listed").map((l) => l.zone));
    for (const l of currBl.lists) {
      if (l.status === "listed" && !wasListed.has(l.zone))
        events.push({
          type: "dnsbl.listed",
          check: "dnsbl",
          severity: "critical",
          message: `Newly listed on ${l.name} (${l.zone}).`,
          after: l,
        });
      // Only a confirmed "clear" counts as delisted; an error answer says nothing.
      if (l.status === "clear" && wasListed.has(l.zone))
        events.push({ type: "dnsbl.delisted", check: "dnsbl", severity: "info", message: `Delisted from ${l.name} (${l.zone}).` });
    }
  }
  events.push(...unknownChecksDrift(previous, current));
  return events;
}

function recordEvents(check: string, before: string[], after: string[], events: DriftEvent[]): void {
  const removed = before.filter((r) => !after.includes(r));
  const added = after.filter((r) => !before.includes(r));
  if (removed.length === 1 && added.length === 1) {
    events.push({
      type: "record.changed",
      check,
      severity: "warning",
      message: `${check} record changed.`,
      before: removed[0],
      after: added[0],
    });
    return;
  }
  for (const r of removed)
    events.push({ type: "record.removed", check, severity: "warning", message: `${check} record removed.`, before: r });
  for (const r of added) events.push({ type: "record.added", check, severity: "info", message: `${check} record added.`, after: r });
}

function findingEvents(check: string, before: Finding[], after: Finding[], events: DriftEvent[]): void {
  const key = (f: Finding) => `${f.code}|${f.message}`;
  const had = new Set(before.map(key));
  const has = new Set(after.map(key));
  for (const f of after)
    if (!had.has(key(f)) && f.severity !== "info")
      events.push({ type: "finding.opened", check, severity: f.severity, message: f.message, after: f });
  for (const f of before)
    if (!has.has(key(f)) && f.severity !== "info")
      events.push({ type: "finding.resolved", check, severity: "info", message: `Resolved: ${f.message}`, before: f });
}

function domainEvents(previous: DomainCheckResult, current: DomainCheckResult, events: DriftEvent[]): void {
  const p = previous.checks;
  const c = current.checks;
  if (p.spf.dnsLookups <= SPF_MAX_DNS_MECHANISMS && c.spf.dnsLookups > SPF_MAX_DNS_MECHANISMS) {
    events.push({
      type: "spf.over-lookup-limit",
      check: "spf",
      severity: "critical",
      message: `SPF now needs ${c.spf.dnsLookups} DNS lookups (limit ${SPF_MAX_DNS_MECHANISMS}).`,
      before: p.spf.dnsLookups,
      after: c.spf.dnsLookups,
    });
  } else if (p.spf.dnsLookups > SPF_MAX_DNS_MECHANISMS && c.spf.dnsLookups <= SPF_MAX_DNS_MECHANISMS) {
    events.push({
      type: "spf.within-lookup-limit",
      check: "spf",
      severity: "info",
      message: `SPF is back within the lookup limit (${c.spf.dnsLookups}).`,
      before: p.spf.dnsLookups,
      after: c.spf.dnsLookups,
    });
  }
  const rank = (s: string) => DMARC_STRENGTHS.indexOf(s as (typeof DMARC_STRENGTHS)[number]);
  if (c.dmarc.status !== "temperror" && p.dmarc.status !== "temperror") {
    if (rank(c.dmarc.strength) < rank(p.dmarc.strength))
      events.push({
        type: "dmarc.policy-weakened",
        check: "dmarc",
        severity: "critical",
        message: `DMARC policy weakened from ${p.dmarc.strength} to ${c.dmarc.strength}.`,
        before: p.dmarc.strength,
        after: c.dmarc.strength,
      });
    if (rank(c.dmarc.strength) > rank(p.dmarc.strength))
      events.push({
        type: "dmarc.policy-strengthened",
        check: "dmarc",
        severity: "info",
        message: `DMARC policy strengthened from ${p.dmarc.strength} to ${c.dmarc.strength}.`,
        before: p.dmarc.strength,
        after: c.dmarc.strength,
      });
  }
  if (c.dkim.status !== "temperror") {
    let removed = false;
    for (const before of p.dkim.selectors.filter((s) => s.found && !s.revoked)) {
      const after = c.dkim.selectors.find((s) => s.selector === before.selector);
      if (!after?.found || after.revoked) {
        removed = true;
        events.push({
          type: "dkim.key-removed",
          check: "dkim",
          severity: "critical",
          message: `DKIM key ${before.name} is gone${after?.revoked ? " (revoked)" : ""}.`,
          before: before.record,
        });
      } else if (before.keyBits !== undefined && after.keyBits !== undefined && after.keyBits < before.keyBits) {
        events.push({
          type: "dkim.key-shortened",
          check: "dkim",
          severity: "critical",
          message: `DKIM key ${before.name} shrank from ${before.keyBits} to ${after.keyBits} bits.`,
          before: before.keyBits,
          after: after.keyBits,
        });
      }
    }
    // A key published again clears "DKIM key missing" (the alert would otherwise stay open for good). Only
    // when nothing was removed in the same change, and only after a check that answered (not temperror).
    const back =
      p.dkim.status === "temperror"
        ? []
        : c.dkim.selectors.filter(
            (after) =>
              after.found && !after.revoked && p.dkim.selectors.some((b) => b.selector === after.selector && (!b.found || b.revoked)),
          );
    if (!removed && back.length > 0) {
      events.push({
        type: "dkim.key-restored",
        check: "dkim",
        severity: "info",
        message: `DKIM key ${back.map((s) => s.name).join(", ")} is published again.`,
        after: back.map((s) => s.record),
      });
    }
  }
}
