import { composeEnv, httpEnv, startEnv } from "@inboxwatch/env";

/**
 * What `npm start` (scripts/start.ts) reads for itself. It also passes its whole environment on to web and
 * worker, which validate their own sets (apps/web/src/env.ts, apps/worker/src/env.ts).
 */
export const launcherEnv = composeEnv("npm start", [startEnv, httpEnv], { module: "scripts/start-env.ts" });
