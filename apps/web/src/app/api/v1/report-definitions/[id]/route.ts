import { rest } from "~/server/http";

export const GET = rest.getReportDefinition;
export const PATCH = rest.updateReportDefinition;
export const DELETE = rest.deleteReportDefinition;
