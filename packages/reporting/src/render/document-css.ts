/**
 * The report page's stylesheet, scoped under `.iw-report` so the web app can render the same component
 * inside its own page. Screen: a centred column. Print (the PDF): A4, each audience section on a new
 * page, no table row, card or incident split across pages, table headers repeated.
 */
import { COLORS, FONT_STACK } from "./format.ts";

const C = COLORS;

export const REPORT_CSS = `
.iw-report{font-family:${FONT_STACK};color:${C.text};font-size:13.5px;line-height:1.5;max-width:920px;margin:0 auto;padding:32px 28px 48px;background:#fff;-webkit-print-color-adjust:exact;print-color-adjust:exact;font-variant-numeric:tabular-nums}
.iw-report *{box-sizing:border-box}
.iw-report h1,.iw-report h2,.iw-report h3{color:${C.ink};margin:0;font-weight:650;letter-spacing:-0.01em}
.iw-report h1{font-size:26px;line-height:1.2}
.iw-report h2{font-size:17px;margin:0 0 12px;padding-bottom:6px;border-bottom:1px solid ${C.rule}}
.iw-report h3{font-size:14px;margin:18px 0 8px}
.iw-report p{margin:0 0 8px}
.iw-report a{color:${C.accent};text-decoration:none}
.iw-report a:hover{text-decoration:underline}
.iw-muted{color:${C.muted}}
.iw-small{font-size:12px}
.iw-cover{display:flex;justify-content:space-between;align-items:flex-start;gap:24px;padding-bottom:18px;margin-bottom:22px;border-bottom:3px solid ${C.accent}}
.iw-brand{display:flex;align-items:center;gap:10px;margin-bottom:14px}
.iw-brand img{height:36px;width:auto;max-width:180px}
.iw-wordmark{font-weight:700;font-size:15px;color:${C.ink}}
.iw-eyebrow{font-size:11px;letter-spacing:.08em;text-transform:uppercase;color:${C.accent};font-weight:650;margin-bottom:4px}
.iw-period{font-size:15px;color:${C.ink};margin-top:6px}
.iw-cover-side{text-align:right;font-size:12px;color:${C.muted};min-width:190px}
.iw-cover-side div{margin-bottom:2px}
.iw-section{margin-top:26px}
.iw-nomail{border:1px solid ${C.rule};background:${C.panel};border-radius:8px;padding:14px 16px;font-size:15px;color:${C.ink};font-weight:600;margin-bottom:14px}
.iw-kpis{display:grid;grid-template-columns:repeat(3,1fr);gap:10px;margin-bottom:14px}
.iw-card{border:1px solid ${C.rule};border-radius:8px;padding:11px 13px 9px;background:#fff}
.iw-card-label{font-size:11.5px;color:${C.muted};font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.iw-card-value{font-size:24px;font-weight:700;color:${C.ink};line-height:1.25;margin-top:2px}
.iw-card-value-none{font-size:15px;font-weight:600;color:${C.muted};line-height:1.35;padding:5px 0 3px}
.iw-card-delta{font-size:12px;font-weight:600;margin-top:1px}
.iw-card-delta span.iw-muted{font-weight:400}
.iw-card-spark{margin-top:5px;display:block;line-height:0}
.iw-card-spark svg{width:100%;height:auto}
.iw-volume{font-size:12.5px;color:${C.muted};margin:0 0 14px}
.iw-narrative{margin:0;padding:0;list-style:none}
.iw-narrative li{padding:8px 0 8px 14px;border-left:3px solid ${C.accentMid};margin-bottom:8px;background:${C.panel}}
.iw-narrative li p{color:${C.ink};font-size:14px;margin-bottom:4px}
.iw-facts{display:flex;flex-wrap:wrap;gap:4px 6px;margin:4px 0 0;padding:0}
.iw-fact{display:inline-block;font-size:11.5px;background:${C.panelStrong};border-radius:4px;padding:1px 7px;color:${C.text}}
.iw-fact b{color:${C.ink};font-weight:650}
.iw-finding{display:grid;grid-template-columns:86px 1fr;gap:12px;padding:10px 0;border-bottom:1px solid ${C.rule}}
.iw-finding:last-child{border-bottom:0}
.iw-finding p{color:${C.ink};margin-bottom:4px}
.iw-pill{display:inline-block;font-size:10.5px;font-weight:700;letter-spacing:.04em;text-transform:uppercase;border-radius:999px;padding:2px 8px;white-space:nowrap}
.iw-link{font-size:12px;font-weight:600;white-space:nowrap}
.iw-actions{margin:0;padding-left:20px}
.iw-actions li{margin-bottom:8px;color:${C.ink};padding-left:4px}
.iw-actions li::marker{color:${C.accent};font-weight:700}
.iw-table{width:100%;border-collapse:collapse;font-size:12.5px;margin:4px 0 10px}
.iw-table th{text-align:left;font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:${C.muted};font-weight:650;border-bottom:1px solid ${C.faint};padding:5px 8px 5px 0}
.iw-table td{border-bottom:1px solid ${C.rule};padding:6px 8px 6px 0;vertical-align:top}
.iw-table .iw-num{text-align:right;white-space:nowrap}
.iw-table tbody.iw-group tr:first-child td{border-top:1px solid ${C.faint}}
.iw-code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:11.5px}
.iw-better{color:${C.better}}
.iw-worse{color:${C.worse}}
.iw-chart{margin:6px 0 14px;line-height:0}
.iw-chart svg{max-width:100%;height:auto}
.iw-grid2{display:grid;grid-template-columns:1fr 1fr;gap:20px}
.iw-incident{border:1px solid ${C.rule};border-radius:8px;padding:12px 14px;margin-bottom:12px}
.iw-incident-head{display:flex;justify-content:space-between;gap:12px;align-items:baseline}
.iw-incident h3{margin:0 0 4px}
.iw-timeline{list-style:none;margin:8px 0 0;padding:0 0 0 12px;border-left:2px solid ${C.rule}}
.iw-timeline li{font-size:12.5px;margin-bottom:4px}
.iw-when{color:${C.muted};display:inline-block;min-width:118px}
.iw-comment{background:${C.panel};border-radius:6px;padding:7px 10px;margin-top:6px;font-size:12.5px}
.iw-comment-meta{font-size:11.5px;color:${C.muted};margin-bottom:2px}
.iw-roi{display:grid;grid-template-columns:repeat(3,1fr);gap:10px;margin-bottom:10px}
.iw-footer{margin-top:32px;padding-top:10px;border-top:1px solid ${C.rule};font-size:11.5px;color:${C.muted}}
.iw-empty{color:${C.muted};font-style:italic}
@page{size:A4;margin:18mm 14mm 16mm}
@media print{
  .iw-report{max-width:none;padding:0}
  .iw-break{break-before:page}
  .iw-card,.iw-finding,.iw-incident,.iw-narrative li,.iw-actions li,.iw-comment,.iw-chart,tr{break-inside:avoid}
  tbody.iw-group{break-inside:avoid}
  thead{display:table-header-group}
  .iw-report h2,.iw-report h3{break-after:avoid}
  .iw-report a{color:${C.accent}}
}
@media screen and (max-width:640px){.iw-kpis,.iw-roi{grid-template-columns:1fr 1fr}.iw-grid2{grid-template-columns:1fr}.iw-cover{flex-direction:column}.iw-cover-side{text-align:left}}
`;
