/** @jsxRuntime automatic @jsxImportSource react */
/**
 * The first page of every report: headline KPI cards, the narrative with its facts, the findings with
 * their evidence and the recommended actions; and the leadership audience's own ROI and short incidents
 * list. A period with no mail says so in one plain sentence instead of a row of empty rates.
 */
import { type ReactNode } from "react";

import { type HeadlineKpi, type ReportFigures, type RoiSection } from "../figures.ts";
import { formatCount, formatKpiNumber } from "../format.ts";
import {
  COLORS,
  NO_MAIL_STATEMENT,
  TREND_COLOR,
  appLink,
  deltaArrow,
  findingsBySeverity,
  formatDay,
  formatDuration,
  formatInstant,
} from "./format.ts";
import { AppLink, Empty, Facts, Section, SeverityPill, countChange } from "./parts.tsx";
import { sparklineSvg } from "./svg.ts";

function KpiCard({ kpi, figures }: { kpi: HeadlineKpi; figures: ReportFigures }): ReactNode {
  const spark = sparklineSvg(kpi.sparkline, {
    label: `${kpi.label} by day`,
    format: (v) => formatKpiNumber(v, kpi.unit),
    pointLabels: figures.days.map((d) => formatDay(d, figures.org.timeZone)),
    width: 260,
    height: 34,
    color: kpi.trend === "worse" ? COLORS.worse : COLORS.accent,
  });
  return (
    <div className="iw-card">
      <div className="iw-card-label">{kpi.label}</div>
      {/* "not enough mail (37 of 100)" is a statement, not a figure: smaller, so it never reads as a headline number. */}
      <div className={kpi.current.state === "ok" ? "iw-card-value" : "iw-card-value iw-card-value-none"}>{kpi.display}</div>
      <div className="iw-card-delta" style={{ color: TREND_COLOR[kpi.trend] }}>
        {kpi.deltaDisplay === null ? (
          <span className="iw-muted">no comparison</span>
        ) : (
          <>
            {deltaArrow(kpi)} {kpi.deltaDisplay} <span className="iw-muted">vs {figures.previousPeriod.label}</span>
          </>
        )}
      </div>
      <span className="iw-card-spark" dangerouslySetInnerHTML={{ __html: spark }} />
    </div>
  );
}

export function SummarySection({ figures }: { figures: ReportFigures }): ReactNode {
  // With no mail only the figures that do not come from mail (probes) are shown: an empty rate is no figure.
  const cards = figures.noMail ? figures.headline.filter((k) => k.current.state === "ok") : figures.headline;
  return (
    <Section title="Summary" id="summary">
      {figures.noMail ? <p className="iw-nomail">{NO_MAIL_STATEMENT}</p> : null}
      {cards.length ? (
        <div className="iw-kpis">
          {cards.map((k) => (
            <KpiCard key={k.id} kpi={k} figures={figures} />
          ))}
        </div>
      ) : null}
      {figures.noMail ? null : (
        <p className="iw-volume">
          {formatCount(figures.volume.attempted)} messages attempted (
          {countChange(figures.volume.attempted, figures.volume.previousAttempted)} vs {formatCount(figures.volume.previousAttempted)} in{" "}
          {figures.previousPeriod.label})
        </p>
      )}
      {figures.narrative.length ? (
        <ul className="iw-narrative">
          {figures.narrative.map((n, i) => (
            <li key={i}>
              <p>{n.sentence}</p>
              <Facts facts={n.facts} />
            </li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}

export function FindingsSection({ figures }: { figures: ReportFigures }): ReactNode {
  return (
    <Section title="What changed and why" id="findings">
      {figures.findings.length === 0 ? <Empty>No notable change was found in this period.</Empty> : null}
      {findingsBySeverity(figures.findings).map((f, i) => (
        <div className="iw-finding" key={i}>
          <div>
            <SeverityPill severity={f.severity} />
          </div>
          <div>
            <p>{f.sentence}</p>
            <Facts facts={f.facts} />
            <div style={{ marginTop: 4 }}>
              <AppLink href={appLink(figures.orgUrl, f.evidencePath)}>View the evidence →</AppLink>
            </div>
          </div>
        </div>
      ))}
    </Section>
  );
}

export function ActionsSection({ figures }: { figures: ReportFigures }): ReactNode {
  if (figures.actions.length === 0) return null;
  return (
    <Section title="Recommended actions" id="actions">
      <ol className="iw-actions">
        {figures.actions.map((a, i) => (
          <li key={i}>
            {a.text} <AppLink href={appLink(figures.orgUrl, a.actionPath)}>Open in Inboxwatch →</AppLink>
          </li>
        ))}
      </ol>
    </Section>
  );
}

export function RoiBlock({ roi }: { roi: RoiSection | null }): ReactNode {
  if (roi === null) return <Empty>The ROI model is not set up for this organization.</Empty>;
  if (roi.missing !== null || roi.figures.length === 0)
    return <Empty>No ROI figures for this period: {roi.missing ?? "no figures"}.</Empty>;
  return (
    <>
      <div className="iw-roi">
        {roi.figures.map((f, i) => (
          <div className="iw-card" key={i}>
            <div className="iw-card-label">{f.label}</div>
            <div className="iw-card-value">{f.value}</div>
            <div className="iw-small iw-muted">{f.formula}</div>
          </div>
        ))}
      </div>
      {roi.inputs.length ? (
        <div className="iw-small">
          <span className="iw-muted">Inputs ({roi.currency}):</span> <Facts facts={roi.inputs} />
        </div>
      ) : null}
    </>
  );
}

/** Leadership's incident list: one line each, the details are in the operations appendix. */
export function IncidentList({ figures }: { figures: ReportFigures }): ReactNode {
  if (figures.incidents.length === 0) return <Empty>No incidents in this period.</Empty>;
  return (
    <table className="iw-table">
      <thead>
        <tr>
          <th>Incident</th>
          <th>Severity</th>
          <th>Opened</th>
          <th className="iw-num">Duration</th>
          <th>Outcome</th>
        </tr>
      </thead>
      <tbody>
        {figures.incidents.map((inc) => (
          <tr key={inc.id}>
            <td>
              <a href={appLink(figures.orgUrl, `alerts/incidents/${encodeURIComponent(inc.id)}`) ?? undefined}>{inc.title}</a>
            </td>
            <td>
              <SeverityPill severity={inc.severity} />
            </td>
            <td>{formatInstant(inc.openedAt, figures.org.timeZone)}</td>
            <td className="iw-num">{formatDuration(inc.durationMinutes)}</td>
            <td>{inc.outcome}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LeadershipSections({ figures }: { figures: ReportFigures }): ReactNode {
  return (
    <>
      <Section title="Return on deliverability" id="roi">
        <RoiBlock roi={figures.roi} />
      </Section>
      <Section title="Incidents" id="incidents">
        <IncidentList figures={figures} />
      </Section>
    </>
  );
}
