import { Badge, type Tone } from "@inboxwatch/ui";

/** The engine's grades and severities as badges: one colour language on every health page. */
const GRADE_TONE: Record<string, Tone> = { A: "green", B: "blue", C: "amber", D: "amber", F: "red" };
const SEVERITY_TONE: Record<string, Tone> = { critical: "red", warning: "amber", info: "slate" };
const STATUS_TONE: Record<string, Tone> = { pass: "green", listed: "red", clear: "green", error: "amber", fail: "red", permerror: "red", temperror: "amber", softfail: "amber", warn: "amber", neutral: "slate", none: "slate" };

export function GradeBadge({ grade }: { grade: string | null | undefined }) {
  if (!grade) return <span className="text-slate-400">—</span>;
  return <Badge tone={GRADE_TONE[grade] ?? "slate"}>{grade}</Badge>;
}

export function SeverityBadge({ severity }: { severity: string | null | undefined }) {
  if (!severity) return null;
  return <Badge tone={SEVERITY_TONE[severity] ?? "slate"}>{severity}</Badge>;
}

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? "slate"}>{status}</Badge>;
}

/** Grades in time order as a strip of squares: the history at a glance (newest right). */
export function GradeStrip({ points }: { points: { id: string; checkedAt: Date; grade: string }[] }) {
  const colour: Record<string, string> = { A: "bg-emerald-500", B: "bg-sky-500", C: "bg-amber-400", D: "bg-amber-600", F: "bg-red-600" };
  return (
    <div className="flex flex-wrap items-end gap-1" aria-label="Grade history">
      {[...points].reverse().map((p) => (
        <span key={p.id} title={`${p.checkedAt.toLocaleString()}: ${p.grade}`} className={`inline-block size-4 rounded-sm ${colour[p.grade] ?? "bg-slate-300"}`} />
      ))}
    </div>
  );
}
