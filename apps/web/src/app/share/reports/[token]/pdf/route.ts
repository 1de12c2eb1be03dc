import { sharedReport } from "~/server/http";

export const GET = sharedReport.pdf;
