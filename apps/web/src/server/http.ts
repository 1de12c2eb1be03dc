import "server-only";

import {
  createRestRoutes,
  espWebhookRoute,
  type HttpDeps,
  reportPdfDownloadRoute,
  sharedReportRoutes,
  trpcRoute,
  uploadAnalyticsImportRoute,
  uploadReportRoute,
} from "@inboxwatch/api";
import { getDb } from "@inboxwatch/db";

import { clientIp, currentUser } from "./context";

/**
 * The HTTP surface (packages/api/src/rest) wired to this app: the database, next-auth's session and the
 * client address the server resolved. Route files under src/app/api re-export one handler each.
 */
const deps: HttpDeps = { db: getDb, currentUser, clientIp };

export const rest = createRestRoutes(deps);
export const uploadReport = uploadReportRoute(deps);
export const uploadAnalyticsImport = uploadAnalyticsImportRoute(deps);
export const espWebhook = espWebhookRoute(deps);
export const trpc = trpcRoute(deps);
export const reportPdfDownload = reportPdfDownloadRoute(deps);
export const sharedReport = sharedReportRoutes(deps);
