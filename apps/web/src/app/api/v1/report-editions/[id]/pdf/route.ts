import { rest } from "~/server/http";

export const GET = rest.getReportEditionPdf;
