export { appRouter, createCaller, type AppRouter } from "./root.ts";
export { type Context, type CreateContextOptions, type Meta } from "./trpc.ts";
export { openApiDocument, REST_ENDPOINTS, type RestEndpoint } from "./rest/openapi.ts";
