// `npm run db:migrate`: applies pending migrations to DATABASE_URL (deployments run this before web/worker).
import { databaseEnv, EnvError } from "@inboxwatch/env";

import { migrate } from "../migrate.ts";

let url: string;
try {
  url = databaseEnv.read().DATABASE_URL;
} catch (err) {
  if (!(err instanceof EnvError)) throw err;
  console.error(err.message);
  process.exit(2);
}
const result = await migrate(url);
console.log(`migrations: ${result.applied.length} applied (${result.applied.join(", ") || "none"}), ${result.skipped} already there`);
