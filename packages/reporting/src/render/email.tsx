/** @jsxRuntime automatic @jsxImportSource react */
/**
 * The report as an email (React Email: tables and inline styles, so Outlook's Word engine and Gmail's
 * style stripping both render it): headline KPIs with deltas, the top findings, the actions and a button
 * to the full report. Gmail and Outlook do not show inline SVG, so a delta is text with an arrow, not a
 * sparkline. Images are not used at all (the logo is a data: URL, which Gmail blocks): the organization's
 * name stands in for it. The plain-text part is React Email's own conversion of the same markup.
 */
import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import { render } from "@react-email/render";
import { type CSSProperties, type ReactNode } from "react";

import { type ReportFigures } from "../figures.ts";
import { formatCount } from "../format.ts";
import {
  AUDIENCE_LABEL,
  COLORS,
  FONT_STACK,
  NO_MAIL_STATEMENT,
  SEVERITY_COLOR,
  SEVERITY_LABEL,
  TREND_COLOR,
  appLink,
  assertKnownVersion,
  deltaArrow,
  findingsBySeverity,
  truncate,
} from "./format.ts";

/** The email shows the worst findings only; the rest are one click away in the full report. */
export const EMAIL_MAX_FINDINGS = 3;
export const EMAIL_MAX_ACTIONS = 3;
/** Subject lines beyond ~78 characters are cut by most clients' list views. */
export const EMAIL_SUBJECT_MAX_CHARS = 120;

export interface ReportEmailOptions {
  /** The full report (web page or share link). */
  reportUrl: string;
  /** Whether the PDF goes with the mail as an attachment. */
  pdfAttached: boolean;
}

export interface RenderedReportEmail {
  subject: string;
  html: string;
  text: string;
}

const s = {
  body: { backgroundColor: COLORS.panelStrong, margin: 0, padding: "24px 0", fontFamily: FONT_STACK, color: COLORS.text },
  container: { backgroundColor: "#ffffff", maxWidth: "600px", margin: "0 auto", borderRadius: "8px", border: `1px solid ${COLORS.rule}` },
  inner: { padding: "28px 32px" },
  eyebrow: {
    fontSize: "12px",
    letterSpacing: "0.06em",
    textTransform: "uppercase",
    color: COLORS.accent,
    fontWeight: 700,
    margin: "0 0 4px",
  },
  org: { fontSize: "14px", color: COLORS.ink, fontWeight: 700, margin: "0 0 16px" },
  h1: { fontSize: "22px", lineHeight: "28px", color: COLORS.ink, margin: "0 0 4px", fontWeight: 700 },
  period: { fontSize: "15px", color: COLORS.text, margin: "0 0 20px" },
  h2: { fontSize: "16px", color: COLORS.ink, margin: "24px 0 8px", fontWeight: 700 },
  p: { fontSize: "14px", lineHeight: "21px", color: COLORS.ink, margin: "0 0 6px" },
  small: { fontSize: "12px", lineHeight: "18px", color: COLORS.muted, margin: "0 0 4px" },
  cellLabel: { fontSize: "13px", color: COLORS.text, padding: "8px 0", borderBottom: `1px solid ${COLORS.rule}` },
  cellValue: {
    fontSize: "16px",
    color: COLORS.ink,
    fontWeight: 700,
    padding: "8px 12px",
    textAlign: "right",
    borderBottom: `1px solid ${COLORS.rule}`,
    whiteSpace: "nowrap",
  },
  cellDelta: {
    fontSize: "13px",
    fontWeight: 700,
    padding: "8px 0",
    textAlign: "right",
    borderBottom: `1px solid ${COLORS.rule}`,
    whiteSpace: "nowrap",
  },
  button: {
    backgroundColor: COLORS.accent,
    color: "#ffffff",
    fontSize: "15px",
    fontWeight: 700,
    borderRadius: "6px",
    padding: "12px 22px",
    textDecoration: "none",
  },
  noMail: {
    fontSize: "15px",
    fontWeight: 700,
    color: COLORS.ink,
    backgroundColor: COLORS.panel,
    border: `1px solid ${COLORS.rule}`,
    padding: "12px 14px",
    margin: "0 0 16px",
  },
} satisfies Record<string, CSSProperties>;

function KpiTable({ figures }: { figures: ReportFigures }): ReactNode {
  const kpis = figures.noMail ? figures.headline.filter((k) => k.current.state === "ok") : figures.headline;
  if (kpis.length === 0) return null;
  return (
    <table
      role="presentation"
      className="kpi-table"
      width="100%"
      cellPadding={0}
      cellSpacing={0}
      style={{ borderCollapse: "collapse", width: "100%" }}
    >
      <tbody>
        {kpis.map((k) => (
          <tr key={k.id}>
            <td style={s.cellLabel}>{k.label}</td>
            <td style={s.cellValue}>{k.display}</td>
            <td style={{ ...s.cellDelta, color: TREND_COLOR[k.trend] }}>
              {k.deltaDisplay === null ? "—" : `${deltaArrow(k)} ${k.deltaDisplay}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReportEmail({ figures, reportUrl, pdfAttached }: { figures: ReportFigures } & ReportEmailOptions): ReactNode {
  const findings = findingsBySeverity(figures.findings).slice(0, EMAIL_MAX_FINDINGS);
  const actions = figures.actions.slice(0, EMAIL_MAX_ACTIONS);
  const preview = figures.noMail ? NO_MAIL_STATEMENT : (figures.narrative[0]?.sentence ?? `${figures.title}, ${figures.period.label}`);
  return (
    <Html lang="en">
      <Head />
      <Preview>{truncate(preview, 140)}</Preview>
      <Body style={s.body}>
        <Container style={s.container}>
          <Section style={s.inner}>
            <Text style={s.org}>{figures.org.name}</Text>
            <Text style={s.eyebrow}>
              {figures.cadence === "weekly" ? "Weekly" : "Monthly"} report · {AUDIENCE_LABEL[figures.audience]}
            </Text>
            <Heading as="h1" style={s.h1}>
              {figures.title}
            </Heading>
            <Text style={s.period}>
              {figures.period.label} · {figures.scope.label} · compared with {figures.previousPeriod.label}
            </Text>
            {figures.noMail ? <Text style={s.noMail}>{NO_MAIL_STATEMENT}</Text> : null}
            <KpiTable figures={figures} />
            {figures.noMail ? null : (
              <Text style={{ ...s.small, marginTop: "8px" }}>{formatCount(figures.volume.attempted)} messages attempted.</Text>
            )}

            {findings.length ? (
              <>
                <Heading as="h2" style={s.h2}>
                  What changed and why
                </Heading>
                {findings.map((f, i) => {
                  const href = appLink(figures.orgUrl, f.evidencePath);
                  return (
                    <Section
                      key={i}
                      style={{ borderLeft: `3px solid ${SEVERITY_COLOR[f.severity].fg}`, padding: "2px 0 2px 12px", margin: "0 0 12px" }}
                    >
                      <Text style={{ ...s.small, color: SEVERITY_COLOR[f.severity].fg, fontWeight: 700 }}>
                        {SEVERITY_LABEL[f.severity]}
                      </Text>
                      <Text style={s.p}>{f.sentence}</Text>
                      {f.facts.length ? <Text style={s.small}>{f.facts.map((x) => `${x.label}: ${x.value}`).join(" · ")}</Text> : null}
                      {href ? (
                        <Link href={href} style={{ fontSize: "13px", color: COLORS.accent, fontWeight: 700 }}>
                          View the evidence →
                        </Link>
                      ) : null}
                    </Section>
                  );
                })}
              </>
            ) : null}

            {actions.length ? (
              <>
                <Heading as="h2" style={s.h2}>
                  Recommended actions
                </Heading>
                {actions.map((a, i) => (
                  <Text key={i} style={s.p}>
                    {i + 1}. {a.text}
                  </Text>
                ))}
              </>
            ) : null}

            <Section style={{ textAlign: "center", margin: "28px 0 8px" }}>
              <Button href={reportUrl} style={s.button}>
                View the full report
              </Button>
            </Section>
            {pdfAttached ? <Text style={{ ...s.small, textAlign: "center" }}>The full report is attached as a PDF.</Text> : null}
            <Hr style={{ borderColor: COLORS.rule, margin: "24px 0 12px" }} />
            <Text style={s.small}>
              Sent by Inboxwatch for {figures.org.name}. Every sentence is backed by the figures beside it; the full report has the details
              and the evidence.
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

/** The KPI table as aligned columns in the text part ("Accepted  96.4 %  ▼ −1.3 pt"), not one cell a line. */
const PLAIN_TEXT_OPTIONS = {
  selectors: [{ selector: "table.kpi-table", format: "dataTable", options: { colSpacing: 3, uppercaseHeaderCells: false } }],
} as const;

export function reportEmailSubject(figures: ReportFigures): string {
  return truncate(`${figures.title} · ${figures.period.label} · ${figures.org.name}`.replace(/[\r\n]+/g, " "), EMAIL_SUBJECT_MAX_CHARS);
}

export async function renderReportEmail(figures: ReportFigures, options: ReportEmailOptions): Promise<RenderedReportEmail> {
  assertKnownVersion(figures);
  const element = <ReportEmail figures={figures} {...options} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true, htmlToTextOptions: PLAIN_TEXT_OPTIONS })]);
  return { subject: reportEmailSubject(figures), html, text };
}
