// The figure builder of scheduled reports (issue 14): ReportFigures of one organization and period.
export { buildReportFigures, type ReportFiguresInput, type ReportPeriodInput } from "./build.ts";
