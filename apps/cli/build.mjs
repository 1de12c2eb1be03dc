#!/usr/bin/env node
// Bundles the CLI into dist/: dist/inboxwatch.mjs (main + the command table) and one chunk per command
// (dist/chunks/), loaded by the command's import() in command-table.ts, so `--help` parses only the table
// and `classify` only the bounce classifier. Workspace packages and npm dependencies are inlined: one
// parse of a few files beats Node resolving and reading hundreds of CommonJS files at every start.
// dist/inputs.json lists the workspace sources the bundle was built from; bin/inboxwatch.mjs compares
// their mtimes with the bundle's and falls back to tsx when a source changed after the build.
// Run: `npm run build -w @inboxwatch/cli` (also part of `npm run build` and `npm test`'s build step).
import fs from "node:fs";
import path from "node:path";

import { build } from "esbuild";

const cliDir = import.meta.dirname;
const dist = path.join(cliDir, "dist");
// Built beside dist/ and swapped in at the end, so a concurrent `inboxwatch` never reads half a bundle.
const staging = path.join(cliDir, `dist.tmp-${process.pid}`);

const started = Date.now();
fs.rmSync(staging, { recursive: true, force: true });
try {
  const result = await build({
    absWorkingDir: cliDir,
    entryPoints: { inboxwatch: "src/main.ts" },
    outdir: staging,
    entryNames: "[name]",
    chunkNames: "chunks/[name]-[hash]",
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Inlined CommonJS dependencies call require() for Node built-ins; ESM has no require of its own.
    banner: {
      js: 'import { createRequire as __cliCreateRequire } from "node:module";\nconst require = __cliCreateRequire(import.meta.url);',
    },
    // Nothing here is native or too large to bundle; list a package here if one ever is.
    external: [],
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  });
  // Workspace sources only (node_modules changes come with `npm install`, which a rebuild follows).
  const root = path.resolve(cliDir, "../..");
  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => path.resolve(cliDir, p))
    .filter((p) => !p.split(path.sep).includes("node_modules") && p.startsWith(root + path.sep))
    .map((p) => path.relative(staging, p))
    .sort();
  fs.writeFileSync(path.join(staging, "inputs.json"), `${JSON.stringify({ inputs }, null, 1)}\n`);
  // Another build (turbo and a test's beforeAll at once) may put its dist/ back between rm and rename.
  for (let attempt = 1; ; attempt++) {
    fs.rmSync(dist, { recursive: true, force: true });
    try {
      fs.renameSync(staging, dist);
      break;
    } catch (err) {
      if (attempt >= 5 || !["ENOTEMPTY", "EEXIST"].includes(err.code)) throw err;
    }
  }
  const bytes = Object.entries(result.metafile.outputs).map(([file, o]) => `${path.basename(file)} ${Math.round(o.bytes / 1024)} kB`);
  console.log(
    `apps/cli/dist: ${inputs.length} workspace sources, ${bytes.length} files (${bytes.join(", ")}) in ${Date.now() - started} ms`,
  );
} catch (err) {
  fs.rmSync(staging, { recursive: true, force: true });
  throw err;
}
