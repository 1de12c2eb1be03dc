import { uploadAnalyticsImport } from "~/server/http";

export const POST = uploadAnalyticsImport;
