// `npm run db:migrate`: applies pending migrations to DATABASE_URL (deployments run this before web/worker).
import { migrate } from "../migrate.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(2);
}
const result = await migrate(url);
console.log(`migrations: ${result.applied.length} applied (${result.applied.join(", ") || "none"}), ${result.skipped} already there`);
