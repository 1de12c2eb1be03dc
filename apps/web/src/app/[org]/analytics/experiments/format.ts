import { type Tone } from "@inboxwatch/ui";

export type VerdictKind = "winner" | "loser" | "no-difference" | "no-difference-yet" | "awaiting-horizon" | "not-enough-data";

/** The badge of a verdict: words first (colour only repeats them). */
export function verdictBadge(
  verdict: { kind: VerdictKind; variant: string | null } | null,
  labelOf: (key: string) => string,
): { tone: Tone; text: string } {
  if (!verdict) return { tone: "slate", text: "Not computed yet" };
  switch (verdict.kind) {
    case "winner":
      return { tone: "green", text: `Winner: ${labelOf(verdict.variant ?? "")}` };
    case "loser":
      return { tone: "red", text: `Worse: ${labelOf(verdict.variant ?? "")}` };
    case "no-difference":
      return { tone: "slate", text: "No difference" };
    case "no-difference-yet":
      return { tone: "amber", text: "No difference yet" };
    case "awaiting-horizon":
      return { tone: "blue", text: "Waiting for planned N" };
    case "not-enough-data":
      return { tone: "slate", text: "Not enough data" };
  }
}

/** A rate as a percentage with the digits it needs (a 0.04 % complaint rate is not "0.0 %"); null is "no data". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "no data";
  const pct = rate * 100;
  const digits = pct !== 0 && Math.abs(pct) < 1 ? 2 : 1;
  return `${pct.toFixed(digits)} %`;
}

/** A difference in percentage points with its sign. */
export function formatPoints(difference: number | null | undefined): string {
  if (difference === null || difference === undefined || !Number.isFinite(difference)) return "no data";
  const pts = difference * 100;
  // As the verdict sentence writes it: two decimals only below a tenth of a point (complaint rates).
  const digits = pts !== 0 && Math.abs(pts) < 0.1 ? 2 : 1;
  return `${pts > 0 ? "+" : pts < 0 ? "−" : "±"}${Math.abs(pts).toFixed(digits)} pts`;
}

export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "—";
  if (p < 0.001) return "< 0.001";
  return p < 0.1 ? p.toFixed(3) : p.toFixed(2);
}

export const formatCount = (n: number) => n.toLocaleString("en-US");

export function formatMoney(value: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(value);
  } catch {
    return `${value.toFixed(2)} ${currency}`;
  }
}

/** "just now", "12 min ago", "3 h ago", else the UTC date and time. */
export function formatRefreshed(at: Date | string | null | undefined, now = new Date()): string {
  if (!at) return "never";
  const d = typeof at === "string" ? new Date(at) : at;
  const seconds = Math.max(0, (now.getTime() - d.getTime()) / 1000);
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Share of the planned sample reached, 0..1 (null when the plan is unknown). */
export function sampleProgress(reached: number, needed: number | null): number | null {
  if (needed === null || needed <= 0) return null;
  return Math.min(1, reached / needed);
}
