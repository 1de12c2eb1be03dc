import { uploadReport } from "~/server/http";

export const POST = uploadReport;
