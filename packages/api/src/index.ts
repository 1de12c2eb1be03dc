export { appRouter, createCaller, type AppRouter } from "./root.ts";
export { type Context, type CreateContextOptions, type Meta } from "./trpc.ts";
export { openApiDocument, REST_ENDPOINTS, type RestEndpoint } from "./rest/openapi.ts";
export { createRestRoutes } from "./rest/routes.ts";
export { uploadReportRoute } from "./rest/upload.ts";
export { uploadAnalyticsImportRoute } from "./rest/analytics-imports.ts";
export { espWebhookRoute } from "./rest/esp-webhook.ts";
export { trpcRoute } from "./rest/trpc-route.ts";
export { type HttpDeps } from "./rest/http-deps.ts";
