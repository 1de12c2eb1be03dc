/** @jsxRuntime automatic @jsxImportSource react */
/**
 * Small building blocks of the report page (facts, severity pills, links, sections, charts), shared by
 * the leadership, operations and marketing sections. Text always goes through React, which escapes it;
 * the only raw markup inserted is the SVG of ./svg.ts, which escapes its own text.
 */
import { type ReactNode } from "react";

import { type Fact, type FindingSeverity } from "../figures.ts";
import { SEVERITY_COLOR, SEVERITY_LABEL } from "./format.ts";

export function Facts({ facts }: { facts: readonly Fact[] }): ReactNode {
  if (facts.length === 0) return null;
  return (
    <div className="iw-facts">
      {facts.map((f, i) => (
        <span className="iw-fact" key={i}>
          {f.label}: <b>{f.value}</b>
        </span>
      ))}
    </div>
  );
}

export function SeverityPill({ severity }: { severity: FindingSeverity }): ReactNode {
  const c = SEVERITY_COLOR[severity];
  return (
    <span className="iw-pill" style={{ color: c.fg, background: c.bg }}>
      {SEVERITY_LABEL[severity]}
    </span>
  );
}

export function AppLink({ href, children }: { href: string | null; children: ReactNode }): ReactNode {
  if (href === null) return null;
  return (
    <a className="iw-link" href={href}>
      {children}
    </a>
  );
}

export function Section({
  title,
  children,
  breakBefore,
  id,
}: {
  title: string;
  children: ReactNode;
  breakBefore?: boolean;
  id?: string;
}): ReactNode {
  return (
    <section className={`iw-section${breakBefore ? " iw-break" : ""}`} id={id}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** An SVG string from ./svg.ts (already escaped), placed as markup. */
export function Chart({ svg, className }: { svg: string; className?: string }): ReactNode {
  return <div className={className ?? "iw-chart"} dangerouslySetInnerHTML={{ __html: svg }} />;
}

export function Empty({ children }: { children: ReactNode }): ReactNode {
  return <p className="iw-empty">{children}</p>;
}

/** A change in a count as "+12 %" (or "new" from zero). */
export function countChange(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? "—" : "new";
  const pct = ((current - previous) / previous) * 100;
  return `${pct > 0 ? "+" : pct < 0 ? "−" : "±"}${Math.abs(pct).toFixed(Math.abs(pct) < 10 ? 1 : 0)} %`;
}
