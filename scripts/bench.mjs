// `npm run bench -- <name> [args…]`: runs bench/<name>/index.ts with tsx (its figures beside its anchor);
// without a name, lists the benchmarks. Benchmarks are run by hand, never by `npm test`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.join(import.meta.dirname, "..");
const benches = fs
  .readdirSync(path.join(root, "bench"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, "bench", d.name, "index.ts")))
  .map((d) => d.name)
  .sort();
const [name, ...args] = process.argv.slice(2);
if (!name || !benches.includes(name)) {
  if (name) console.error(`No benchmark "${name}".`);
  console.log(
    `Usage: npm run bench -- <name> [args…]\n\nBenchmarks (bench/<name>/index.ts; see each README):\n${benches.map((b) => `  ${b}`).join("\n")}`,
  );
  process.exit(name ? 2 : 0);
}
const run = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "bench", name, "index.ts"), ...args], {
  stdio: "inherit",
  cwd: root,
});
process.exit(run.status ?? 1);
