import { Badge, type Tone } from "@inboxwatch/ui";

/** The engine's grades and severities as badges: one colour language on every health page. */
const GRADE_TONE: Record<string, Tone> = { A: "green", B: "blue", C: "amber", D: "amber", F: "red" };
const SEVERITY_TONE: Record<string, Tone> = { critical: "red", warning: "amber", info: "slate" };
const STATUS_TONE: Record<string, Tone> = {
  pass: "green",
  listed: "red",
  clear: "green",
  error: "amber",
  fail: "red",
  permerror: "red",
  temperror: "amber",
  softfail: "amber",
  warn: "amber",
  neutral: "slate",
  none: "slate",
};

/** Shown instead of a grade for a check that could not run: unknown is neither a pass nor a defect. */
export const COULD_NOT_CHECK = "could not check";

/**
 * A grade, or for a check that ran but could not complete (`unknown`, e.g. status temperror) a grey
 * "could not check" with the reason in its tooltip; a dash when there is nothing to grade (not run yet, skipped).
 */
export function GradeBadge({
  grade,
  unknown = false,
  reason,
}: {
  grade: string | null | undefined;
  unknown?: boolean;
  reason?: string | null | undefined;
}) {
  if (grade) return <Badge tone={GRADE_TONE[grade] ?? "slate"}>{grade}</Badge>;
  if (!unknown) return <span className="text-slate-500">—</span>;
  return (
    <span
      title={reason ?? "The lookups failed; the check is retried on the next run."}
      data-grade="unknown"
      className="cursor-help whitespace-nowrap"
    >
      <Badge tone="slate">{COULD_NOT_CHECK}</Badge>
    </span>
  );
}

/** The reason line under a check that could not run. */
export function UnknownReason({ reason }: { reason: string | null | undefined }) {
  if (!reason) return null;
  return (
    <p className="text-sm text-slate-600">
      <span className="font-medium">Could not check:</span> {reason}
    </p>
  );
}

export function SeverityBadge({ severity }: { severity: string | null | undefined }) {
  if (!severity) return null;
  return <Badge tone={SEVERITY_TONE[severity] ?? "slate"}>{severity}</Badge>;
}

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? "slate"}>{status}</Badge>;
}

/** Grades in time order as a strip of squares: the history at a glance (newest right). */
export function GradeStrip({ points }: { points: { id: string; checkedAt: Date; grade: string | null }[] }) {
  const colour: Record<string, string> = { A: "bg-emerald-500", B: "bg-sky-500", C: "bg-amber-400", D: "bg-amber-600", F: "bg-red-600" };
  return (
    <div className="flex flex-wrap items-end gap-1" aria-label="Grade history">
      {[...points].reverse().map((p) => (
        <span
          key={p.id}
          title={`${p.checkedAt.toLocaleString()}: ${p.grade ?? COULD_NOT_CHECK}`}
          className={`inline-block size-4 rounded-sm ${p.grade ? (colour[p.grade] ?? "bg-slate-300") : "bg-slate-200"}`}
        />
      ))}
    </div>
  );
}
