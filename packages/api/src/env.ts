import { apiEnv } from "@inboxwatch/env";

/**
 * The variables this package reads (the REST API piece of @inboxwatch/env). The web app validates them at
 * boot with everything else (apps/web/src/env.ts); here they are read where used, re-parsed only when a
 * variable changed (tests set them per file).
 */
export function apiAccessEnv() {
  return apiEnv.read();
}
