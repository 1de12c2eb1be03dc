import { rest } from "~/server/http";

export const GET = rest.listAnalyticsImports;
export const POST = rest.uploadAnalyticsImport;
