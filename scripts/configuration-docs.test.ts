import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { APP_ENVS, CONFIGURATION_DOC, renderConfigurationDoc } from "./configuration-docs.ts";

const ENV_EXAMPLE = path.resolve(import.meta.dirname, "../.env.example");

describe("docs/configuration.md", () => {
  it("is what the env pieces generate (run `npm run docs:env` after changing a piece)", () => {
    expect(fs.readFileSync(CONFIGURATION_DOC, "utf8")).toBe(renderConfigurationDoc());
  });

  it("and .env.example name the same variables", () => {
    const documented = new Set(APP_ENVS.flatMap((env) => env.pieces.flatMap((piece) => Object.keys(piece.shape))));
    const example = new Set([...fs.readFileSync(ENV_EXAMPLE, "utf8").matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1] as string));
    expect([...example].filter((v) => !documented.has(v)).sort(), "in .env.example, not in any piece").toEqual([]);
    expect([...documented].filter((v) => !example.has(v)).sort(), "in a piece, not in .env.example").toEqual([]);
  });
});
