import { rest } from "~/server/http";

export const POST = rest.sendReportNow;
