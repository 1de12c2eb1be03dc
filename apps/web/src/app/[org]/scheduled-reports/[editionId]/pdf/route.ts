import { reportPdfDownload } from "~/server/http";

/** The PDF download of a report page (session; the organization comes from the path). */
export const GET = reportPdfDownload;
