/**
 * docs/configuration.md from the env pieces as the apps compose them. `npm run docs:env` rewrites it;
 * configuration-docs.test.ts fails when it is stale.
 */
import fs from "node:fs";
import path from "node:path";

import { renderConfiguration } from "@inboxwatch/env";

import { cliEnv } from "../apps/cli/src/env.ts";
import { webEnv } from "../apps/web/src/env.ts";
import { workerBootEnv } from "../apps/worker/src/env.ts";
import { launcherEnv } from "./start-env.ts";

export const CONFIGURATION_DOC = path.resolve(import.meta.dirname, "../docs/configuration.md");
export const APP_ENVS = [webEnv, workerBootEnv, cliEnv, launcherEnv] as const;

export function renderConfigurationDoc(): string {
  return renderConfiguration(APP_ENVS);
}

if (process.argv.includes("--write")) {
  fs.mkdirSync(path.dirname(CONFIGURATION_DOC), { recursive: true });
  fs.writeFileSync(CONFIGURATION_DOC, renderConfigurationDoc());
  console.log(`wrote ${path.relative(process.cwd(), CONFIGURATION_DOC)}`);
}
