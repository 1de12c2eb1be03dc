import { rest } from "~/server/http";

export const GET = rest.listReportDefinitions;
export const POST = rest.createReportDefinition;
