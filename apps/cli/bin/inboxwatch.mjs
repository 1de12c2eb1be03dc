#!/usr/bin/env node
// Entry point of the `inboxwatch` command: loads the TypeScript sources through tsx, so the CLI runs
// from a checkout (`npx inboxwatch`) and as an installed bin alike, with no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
