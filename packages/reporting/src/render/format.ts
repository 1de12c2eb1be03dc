/**
 * Display helpers shared by every renderer (web page, PDF, email, chat): the palette, and the few
 * formatters for raw values the figures carry unformatted (KpiValue rates of tables, dates), built on the
 * package's number formats (../format.ts). They format; they never compute a figure the builder did not.
 */
import { type KpiValue } from "@inboxwatch/analytics/kpi";
import { DateTime } from "luxon";

import { display, formatMs } from "../format.ts";
import { REPORT_FIGURES_VERSION, type FindingSeverity, type HeadlineKpi, type ReportFigures } from "../figures.ts";

/** The app's palette (Tailwind slate, indigo accent, emerald/red for better/worse), as hex for email and SVG. */
export const COLORS = {
  ink: "#0f172a",
  text: "#334155",
  muted: "#64748b",
  faint: "#94a3b8",
  rule: "#e2e8f0",
  panel: "#f8fafc",
  panelStrong: "#f1f5f9",
  accent: "#4f46e5",
  accentSoft: "#eef2ff",
  accentMid: "#a5b4fc",
  better: "#047857",
  betterSoft: "#ecfdf5",
  worse: "#b91c1c",
  worseSoft: "#fef2f2",
  warning: "#b45309",
  warningSoft: "#fffbeb",
} as const;

export const FONT_STACK = `-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif`;

/** Renderers refuse figures of a version they do not know rather than print a half-understood report. */
export function assertKnownVersion(figures: ReportFigures): void {
  // Typed as the known version; stored JSON of another release may still carry another one.
  const version: unknown = figures.version;
  if (version !== REPORT_FIGURES_VERSION) {
    throw new Error(`report figures version ${String(version)} is not supported (this renderer knows ${REPORT_FIGURES_VERSION})`);
  }
}

export const TREND_COLOR: Record<HeadlineKpi["trend"], string> = {
  better: COLORS.better,
  worse: COLORS.worse,
  flat: COLORS.muted,
  unknown: COLORS.faint,
};

/** Arrow for a delta: the direction of the number, not of the news (the colour says good or bad). */
export function deltaArrow(kpi: Pick<HeadlineKpi, "delta">): string {
  if (kpi.delta === null || kpi.delta === 0) return "→";
  return kpi.delta > 0 ? "▲" : "▼";
}

export const SEVERITY_LABEL: Record<FindingSeverity, string> = {
  critical: "Critical",
  warning: "Warning",
  info: "Info",
  good: "Good news",
};
export const SEVERITY_COLOR: Record<FindingSeverity, { fg: string; bg: string }> = {
  critical: { fg: COLORS.worse, bg: COLORS.worseSoft },
  warning: { fg: COLORS.warning, bg: COLORS.warningSoft },
  info: { fg: COLORS.accent, bg: COLORS.accentSoft },
  good: { fg: COLORS.better, bg: COLORS.betterSoft },
};

const SEVERITY_RANK: Record<FindingSeverity, number> = { critical: 0, warning: 1, info: 2, good: 3 };

/** Findings worst first, keeping the builder's order within a severity (it ranks by impact). */
export function findingsBySeverity<T extends { severity: FindingSeverity }>(findings: readonly T[]): T[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

/** A KpiValue rate of a table cell: the rate, "not enough mail (37 of 100)" or "no data" — never a misleading 100 %. */
export function formatRate(value: KpiValue): string {
  return display(value, "fraction");
}

/** A latency that may be missing (no probe ran): "182 ms" or "—". */
export function formatLatency(ms: number | null): string {
  return ms === null ? "—" : formatMs(ms);
}

/** Minutes as "45 min", "3 h 20 min", "2 d 4 h". */
export function formatDuration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ""}`;
  const d = Math.floor(m / (24 * 60));
  const h = Math.floor((m % (24 * 60)) / 60);
  return `${d} d${h ? ` ${h} h` : ""}`;
}

/** An instant in the organization's time zone: "Tue 1 Dec, 14:05". */
export function formatInstant(iso: string, timeZone: string): string {
  const dt = DateTime.fromISO(iso, { zone: timeZone });
  return dt.isValid ? dt.toFormat("ccc d LLL, HH:mm") : iso;
}

/** A day start in the organization's time zone: "Tue 1". */
export function formatDay(iso: string, timeZone: string): string {
  const dt = DateTime.fromISO(iso, { zone: timeZone });
  return dt.isValid ? dt.toFormat("ccc d") : iso;
}

/**
 * A link into the web app: `orgUrl/path`. Only http(s) bases are linked, so a corrupted figure can never
 * produce a `javascript:` href in a mail or PDF.
 */
export function appLink(orgUrl: string, path: string | null): string | null {
  if (path === null || !/^https?:\/\//i.test(orgUrl)) return null;
  return `${orgUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/** Only an inline raster or SVG image is a logo: anything else (a remote URL) would be fetched by readers' clients. */
export function safeLogoDataUrl(url: string | null): string | null {
  return url !== null && /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(url) ? url : null;
}

/** What a report of a period without mail in scope says instead of a row of empty rates. */
export const NO_MAIL_STATEMENT = "No mail was sent in this period in scope.";

/** "Leadership", "Operations", "Marketing" — for the cover line. */
export const AUDIENCE_LABEL = { leadership: "Leadership", ops: "Operations", marketing: "Marketing" } as const;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
