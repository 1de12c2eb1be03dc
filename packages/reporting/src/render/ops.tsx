/** @jsxRuntime automatic @jsxImportSource react */
/**
 * The operations audience's technical appendix: port reachability and latency per server, providers,
 * reply codes, drift, incidents with timeline and comments, DMARC sources failing alignment, complaints
 * against the providers' published thresholds. With no mail in scope, the mail-based tables are left out
 * and the infrastructure ones (ports, drift, incidents) stay.
 */
import { type ReactNode } from "react";

import { type ComplaintFigure, type ReportFigures } from "../figures.ts";
import { formatCount, formatPercent } from "../format.ts";
import { COLORS, appLink, formatDuration, formatInstant, formatLatency, formatRate } from "./format.ts";
import { AppLink, Chart, Empty, Section, SeverityPill, countChange } from "./parts.tsx";
import { barChartSvg, stackedBarSvg } from "./svg.ts";

function PortsTable({ figures }: { figures: ReportFigures }): ReactNode {
  if (figures.ports.length === 0) return <Empty>No server is probed in this scope.</Empty>;
  return (
    <table className="iw-table">
      <thead>
        <tr>
          <th>Server</th>
          <th className="iw-num">Port</th>
          <th className="iw-num">Uptime</th>
          <th className="iw-num">Probes</th>
          <th className="iw-num">Failed</th>
          <th className="iw-num">p50</th>
          <th className="iw-num">p95</th>
          <th>TLS</th>
        </tr>
      </thead>
      {figures.ports.map((s) => (
        <tbody className="iw-group" key={s.serverId}>
          {s.ports.map((p, i) => (
            <tr key={p.port}>
              <td>{i === 0 ? <b>{s.hostname}</b> : null}</td>
              <td className="iw-num">{p.port}</td>
              <td className={`iw-num${p.uptime !== null && p.uptime < 0.99 ? " iw-worse" : ""}`}>
                {p.uptime === null ? "unknown" : formatPercent(p.uptime, 2)}
              </td>
              <td className="iw-num">{formatCount(p.probes)}</td>
              <td className="iw-num">{formatCount(p.failures)}</td>
              <td className="iw-num">{formatLatency(p.p50Ms)}</td>
              <td className="iw-num">{formatLatency(p.p95Ms)}</td>
              <td>{p.tls ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      ))}
    </table>
  );
}

function ProvidersBlock({ figures }: { figures: ReportFigures }): ReactNode {
  const rows = figures.providers;
  if (rows.length === 0) return <Empty>No provider received mail in this period.</Empty>;
  const deferrals = rows.flatMap((r) =>
    r.deferral.state === "ok"
      ? [
          {
            label: r.label,
            value: r.deferral.value,
            display: formatPercent(r.deferral.value),
            previous:
              r.deferralPrevious?.state === "ok"
                ? { value: r.deferralPrevious.value, display: formatPercent(r.deferralPrevious.value) }
                : null,
            color: r.deferralPrevious?.state === "ok" && r.deferral.value > r.deferralPrevious.value * 1.5 ? COLORS.worse : COLORS.accent,
          },
        ]
      : [],
  );
  const total = rows.reduce((s, r) => s + r.attempted, 0);
  return (
    <>
      <div className="iw-grid2">
        <div>
          <h3>Deferral rate by provider</h3>
          <Chart
            svg={barChartSvg(deferrals, {
              title: "Deferral rate by provider",
              width: 400,
              labelWidth: 110,
              previousLabel: "previous period",
            })}
          />
          <p className="iw-small iw-muted">Bars: this period. Black tick: {figures.previousPeriod.label}.</p>
        </div>
        <div>
          <h3>Share of messages by provider</h3>
          <Chart
            svg={stackedBarSvg(
              rows.map((r) => ({ label: r.label, value: r.attempted, display: total > 0 ? formatPercent(r.attempted / total, 0) : "—" })),
              { title: "Share of messages by provider", width: 400 },
            )}
          />
        </div>
      </div>
      <table className="iw-table">
        <thead>
          <tr>
            <th>Provider</th>
            <th className="iw-num">Attempted</th>
            <th className="iw-num">Change</th>
            <th className="iw-num">Accepted</th>
            <th className="iw-num">Deferred</th>
            <th className="iw-num">Deferred before</th>
            <th className="iw-num">Hard bounces</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.label}</td>
              <td className="iw-num">{formatCount(r.attempted)}</td>
              <td className="iw-num">{countChange(r.attempted, r.previousAttempted)}</td>
              <td className="iw-num">{formatRate(r.accepted)}</td>
              <td className="iw-num">{formatRate(r.deferral)}</td>
              <td className="iw-num iw-muted">{r.deferralPrevious === null ? "—" : formatRate(r.deferralPrevious)}</td>
              <td className="iw-num">{formatRate(r.hardBounce)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function ReplyCodesTable({ figures }: { figures: ReportFigures }): ReactNode {
  if (figures.replyCodes.length === 0) return <Empty>No 4xx or 5xx replies in this period.</Empty>;
  return (
    <table className="iw-table">
      <thead>
        <tr>
          <th>Code</th>
          <th className="iw-num">Count</th>
          <th className="iw-num">Before</th>
          <th className="iw-num">Change</th>
          <th>Most frequent text</th>
        </tr>
      </thead>
      <tbody>
        {figures.replyCodes.map((r) => (
          <tr key={r.code}>
            <td className="iw-code">{r.code}</td>
            <td className="iw-num">{formatCount(r.count)}</td>
            <td className="iw-num iw-muted">{formatCount(r.previousCount)}</td>
            <td className={`iw-num${r.count > r.previousCount * 1.5 ? " iw-worse" : ""}`}>{countChange(r.count, r.previousCount)}</td>
            <td className="iw-small">{r.sample ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const DRIFT_KIND = { blocklist: "Blocklist", authentication: "Authentication", tls: "TLS", dns: "DNS" } as const;

export function DriftTable({ figures }: { figures: ReportFigures }): ReactNode {
  if (figures.drift.length === 0) return <Empty>No blocklist, authentication, TLS or DNS change in this period.</Empty>;
  return (
    <table className="iw-table">
      <thead>
        <tr>
          <th>When</th>
          <th>Kind</th>
          <th>Subject</th>
          <th>Change</th>
          <th>Before → after</th>
        </tr>
      </thead>
      <tbody>
        {figures.drift.map((d, i) => (
          <tr key={i}>
            <td style={{ whiteSpace: "nowrap" }}>{formatInstant(d.at, figures.org.timeZone)}</td>
            <td>{DRIFT_KIND[d.kind]}</td>
            <td className="iw-code">{d.subject}</td>
            <td>
              {d.change} <AppLink href={appLink(figures.orgUrl, d.evidencePath)}>↗</AppLink>
            </td>
            <td className="iw-small">
              {d.before ?? "—"} <span className="iw-muted">→</span> {d.after ?? "—"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function IncidentDetails({ figures }: { figures: ReportFigures }): ReactNode {
  if (figures.incidents.length === 0) return <Empty>No incidents in this period.</Empty>;
  const tz = figures.org.timeZone;
  return (
    <>
      {figures.incidents.map((inc) => (
        <div className="iw-incident" key={inc.id}>
          <div className="iw-incident-head">
            <h3>
              <a href={appLink(figures.orgUrl, `alerts/incidents/${encodeURIComponent(inc.id)}`) ?? undefined}>{inc.title}</a>
            </h3>
            <SeverityPill severity={inc.severity} />
          </div>
          <div className="iw-small iw-muted">
            Opened {formatInstant(inc.openedAt, tz)}
            {inc.resolvedAt ? ` · resolved ${formatInstant(inc.resolvedAt, tz)}` : ""} · {formatDuration(inc.durationMinutes)} ·{" "}
            {inc.outcome}
          </div>
          {inc.timeline.length ? (
            <ul className="iw-timeline">
              {inc.timeline.map((t, i) => (
                <li key={i}>
                  <span className="iw-when">{formatInstant(t.at, tz)}</span> <b>{t.kind}</b> {t.text}
                </li>
              ))}
            </ul>
          ) : null}
          {inc.comments.map((c, i) => (
            <div className="iw-comment" key={i}>
              <div className="iw-comment-meta">
                {c.author} · {formatInstant(c.at, tz)}
              </div>
              {c.text}
            </div>
          ))}
        </div>
      ))}
    </>
  );
}

function DmarcTable({ figures }: { figures: ReportFigures }): ReactNode {
  if (figures.dmarcFailingSources.length === 0) return <Empty>No source failed DMARC alignment in this period.</Empty>;
  return (
    <table className="iw-table">
      <thead>
        <tr>
          <th>Source</th>
          <th>Header From</th>
          <th className="iw-num">Messages</th>
          <th className="iw-num">Failing</th>
          <th>Disposition</th>
        </tr>
      </thead>
      <tbody>
        {figures.dmarcFailingSources.map((s) => (
          <tr key={`${s.sourceIp}-${s.headerFrom}`}>
            <td>
              <span className="iw-code">{s.sourceIp}</span>
              {s.sourceName ? <div className="iw-small iw-muted">{s.sourceName}</div> : null}
            </td>
            <td>{s.headerFrom}</td>
            <td className="iw-num">{formatCount(s.messages)}</td>
            <td className="iw-num">{formatPercent(s.failRate, 0)}</td>
            <td>{s.disposition}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const COMPLAINT_STATUS: Record<ComplaintFigure["status"], { text: string; className: string }> = {
  ok: { text: "below", className: "iw-better" },
  near: { text: "near the threshold", className: "" },
  over: { text: "over the threshold", className: "iw-worse" },
  "not enough mail": { text: "not enough mail", className: "iw-muted" },
  "no data": { text: "no data", className: "iw-muted" },
};

export function ComplaintsTable({ figures }: { figures: ReportFigures }): ReactNode {
  if (figures.complaints.length === 0) return <Empty>No complaint feedback in this period.</Empty>;
  return (
    <table className="iw-table">
      <thead>
        <tr>
          <th>Provider</th>
          <th className="iw-num">Complaints</th>
          <th className="iw-num">Delivered</th>
          <th className="iw-num">Rate</th>
          <th className="iw-num">Threshold</th>
          <th>Status</th>
          <th>Source of the threshold</th>
        </tr>
      </thead>
      <tbody>
        {figures.complaints.map((c) => (
          <tr key={c.provider}>
            <td>{c.provider}</td>
            <td className="iw-num">{formatCount(c.complaints)}</td>
            <td className="iw-num">{formatCount(c.delivered)}</td>
            <td className="iw-num">{formatRate(c.rate)}</td>
            <td className="iw-num">{formatPercent(c.threshold, 1)}</td>
            <td className={COMPLAINT_STATUS[c.status].className} style={c.status === "near" ? { color: COLORS.warning } : undefined}>
              {COMPLAINT_STATUS[c.status].text}
            </td>
            <td className="iw-small iw-muted">{c.thresholdSource}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OpsAppendix({ figures }: { figures: ReportFigures }): ReactNode {
  return (
    <>
      <Section title="Technical appendix: servers and ports" breakBefore id="ports">
        <PortsTable figures={figures} />
      </Section>
      {figures.noMail ? null : (
        <>
          <Section title="Mailbox providers" id="providers">
            <ProvidersBlock figures={figures} />
          </Section>
          <Section title="Reply codes" id="reply-codes">
            <ReplyCodesTable figures={figures} />
          </Section>
        </>
      )}
      <Section title="Blocklist, authentication and TLS drift" id="drift">
        <DriftTable figures={figures} />
      </Section>
      <Section title="Incidents" id="incidents">
        <IncidentDetails figures={figures} />
      </Section>
      {figures.noMail ? null : (
        <>
          <Section title="DMARC sources failing alignment" id="dmarc">
            <DmarcTable figures={figures} />
          </Section>
          <Section title="Complaints against the providers' thresholds" id="complaints">
            <ComplaintsTable figures={figures} />
          </Section>
        </>
      )}
    </>
  );
}
