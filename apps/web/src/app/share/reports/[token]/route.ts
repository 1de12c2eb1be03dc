import { sharedReport } from "~/server/http";

/** A shared report: the token is the only key; no login, nothing else of the organization. */
export const GET = sharedReport.page;
