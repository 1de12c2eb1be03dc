/** Helpers shared by every check: building findings, grading, picking the worst. */
import type { CheckStatus, Finding, Grade, LookupResult, MaybeGrade, Severity } from "./types.ts";

export function finding(severity: Severity, code: string, message: string, fix: string): Finding {
  return { severity, code, message, fix };
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 3, warning: 2, info: 1 };

export function isTemperrorFinding(f: Finding): boolean {
  return f.code.endsWith(".temperror");
}

/**
 * critical → F; warnings: one → B, two → C, three or more → D; otherwise A. Temperror findings do not
 * count: a lookup that failed is not a defect of the record (they make the check unknown instead, see `graded`).
 */
export function gradeOf(findings: Finding[]): Grade {
  if (findings.some((f) => f.severity === "critical")) return "F";
  const warnings = findings.filter((f) => f.severity === "warning" && !isTemperrorFinding(f)).length;
  return warnings === 0 ? "A" : warnings === 1 ? "B" : warnings === 2 ? "C" : "D";
}

/**
 * The grade fields of a check result: a temperror check (it could not run) has no grade and says why,
 * from its temperror findings unless `reason` is given.
 */
export function graded(status: CheckStatus, findings: Finding[], reason?: string): { grade: MaybeGrade; unknownReason?: string } {
  if (status !== "temperror") return { grade: gradeOf(findings) };
  const why =
    reason ??
    findings
      .filter(isTemperrorFinding)
      .map((f) => f.message)
      .join(" ");
  return { grade: null, unknownReason: why === "" ? "DNS lookups failed; the check could not run." : why };
}

export function worstFinding(findings: Finding[]): Finding | undefined {
  return [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])[0];
}

/** A check's status when it has no RFC verdict of its own: fail on critical, warn on warning. */
export function statusOf(findings: Finding[]): CheckStatus {
  if (findings.some((f) => f.severity === "critical")) return "fail";
  return findings.some((f) => f.severity === "warning") ? "warn" : "pass";
}

/** A transient DNS failure as a finding: the check could not be completed, retry later. */
export function temperrorFinding(check: string, name: string, result: LookupResult): Finding {
  const message = result.kind === "error" ? result.message : result.kind;
  return finding(
    "warning",
    `${check}.temperror`,
    `DNS lookup for ${name} failed (${message}); the check is incomplete.`,
    "Check that the domain's authoritative name servers answer; the check is retried on the next run.",
  );
}

/** Joins a TXT record's character-strings (RFC 7208 §3.3, RFC 6376 §3.6.2.2 do the same). */
export function txtStrings(result: LookupResult<"TXT">): string[] {
  return result.kind === "answer" ? result.records.map((parts) => parts.join("")) : [];
}

/** Parses `k=v; k=v` tag lists (RFC 6376 §3.2, RFC 7489 §6.4); names lowercased, values trimmed. */
export function parseTags(text: string): { tags: Map<string, string>; errors: string[] } {
  const tags = new Map<string, string>();
  const errors: string[] = [];
  for (const raw of text.split(";")) {
    const part = raw.trim();
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) {
      errors.push(`"${part}" is not a tag=value pair`);
      continue;
    }
    const name = part.slice(0, eq).trim().toLowerCase();
    if (tags.has(name)) errors.push(`tag "${name}" appears twice`);
    tags.set(name, part.slice(eq + 1).trim());
  }
  return { tags, errors };
}
