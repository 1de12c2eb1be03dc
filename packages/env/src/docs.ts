import { z } from "zod";

import type { ComposedEnv, EnvPiece } from "./define.ts";

interface VariableDoc {
  name: string;
  required: boolean;
  fallback: string;
  description: string;
}

/** Name, required-ness, default and description of each variable, from the piece's zod shape. */
export function describePiece(piece: EnvPiece): VariableDoc[] {
  const schema = z.toJSONSchema(z.object(piece.shape), { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, { default?: unknown; description?: string }>;
    required?: string[];
  };
  return Object.keys(piece.shape).map((name) => {
    const property = schema.properties?.[name] ?? {};
    const text = typeof property.default === "string" ? property.default : JSON.stringify(property.default);
    const fallback = property.default === undefined ? "" : text === "" ? "(empty)" : `\`${text}\``;
    return { name, required: schema.required?.includes(name) ?? false, fallback, description: property.description ?? "" };
  });
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/**
 * docs/configuration.md: one table per piece, each naming the apps that read it. Generated, so that it
 * cannot drift from the schemas (scripts/configuration-docs.test.ts compares).
 */
export function renderConfiguration(envs: readonly ComposedEnv<readonly EnvPiece[]>[]): string {
  const readers = new Map<EnvPiece, string[]>();
  for (const env of envs) for (const piece of env.pieces) readers.set(piece, [...(readers.get(piece) ?? []), env.name]);
  const out = [
    "# Configuration",
    "",
    "<!-- Generated from packages/env/src/pieces.ts by `npm run docs:env`; scripts/configuration-docs.test.ts fails when it drifts. -->",
    "",
    "Every variable the platform reads, by concern. Each app validates its whole set once at start and names",
    "every missing or bad variable in one error; `.env.example` is a commented template, and `npm start` reads",
    "`.env` when present. An empty value counts as unset.",
    "",
    "| App | Module | Pieces |",
    "|---|---|---|",
    ...envs.map((env) => `| ${env.name} | ${cell(env.module)} | ${env.pieces.map((p) => p.title).join(", ")} |`),
  ];
  for (const [piece, names] of readers) {
    out.push(
      "",
      `## ${piece.title}`,
      "",
      `Read by: ${names.join(", ")}.`,
      "",
      "| Variable | Required | Default | Meaning |",
      "|---|---|---|---|",
    );
    for (const v of describePiece(piece))
      out.push(`| \`${v.name}\` | ${v.required ? "yes" : "no"} | ${v.fallback} | ${cell(v.description)} |`);
  }
  return `${out.join("\n")}\n`;
}
