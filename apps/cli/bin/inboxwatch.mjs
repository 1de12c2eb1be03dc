#!/usr/bin/env node
// Entry point of the `inboxwatch` command. Runs the bundle, dist/inboxwatch.mjs (built by
// `npm run build -w @inboxwatch/cli`; --help then costs little more than `node -e 0`), when it is there
// and no source it was built from changed since; otherwise says so on stderr and runs the TypeScript
// sources through tsx (0.5–1.3 s of CPU more), so a fresh clone and an edited checkout still run the
// current code. INBOXWATCH_CLI_FROM_SOURCE=1 forces the tsx path (bench/cli's "tsx path" rows).
import fs from "node:fs";
import module from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

// Node 22.1+ caches compiled bytecode between runs; Node 20 has no such cache (and no such function).
module.enableCompileCache?.();

const dist = path.join(import.meta.dirname, "../dist");
const bundle = path.join(dist, "inboxwatch.mjs");

/** Why the bundle cannot be used, or null when it can: missing, or older than one of its sources. */
function bundleProblem() {
  let builtAt;
  let inputs;
  try {
    builtAt = fs.statSync(bundle).mtimeMs;
    inputs = JSON.parse(fs.readFileSync(path.join(dist, "inputs.json"), "utf8")).inputs;
  } catch {
    return "apps/cli/dist is not built";
  }
  // One stat per workspace source (about 150: a few ms of CPU): editing a package must not leave the CLI
  // silently running the old code.
  for (const input of inputs) {
    const at = fs.statSync(path.join(dist, input), { throwIfNoEntry: false })?.mtimeMs;
    if (at === undefined || at > builtAt) return `apps/cli/dist is older than ${input.replace(/^(\.\.\/)+/, "")}`;
  }
  return null;
}

let main;
const fromSource = process.env.INBOXWATCH_CLI_FROM_SOURCE === "1";
const problem = fromSource ? null : bundleProblem();
if (!fromSource && problem === null) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  if (problem) process.stderr.write(`inboxwatch: ${problem}; running the sources through tsx (slower; npm run build -w @inboxwatch/cli)\n`);
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));
