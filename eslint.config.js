// Typed ESLint for the whole monorepo. The layer rules at the bottom enforce ARCHITECTURE.md's one-way
// imports: apps → api → services → db / jobs / deliverability, and deliverability stays pure.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const layer = (files, forbidden, why) => ({
  files,
  rules: {
    "no-restricted-imports": ["error", { patterns: forbidden.map((group) => ({ group: [group, `${group}/*`], message: why })) }],
  },
});

/**
 * The files that may touch process.env: the env package (the one reader), scripts that assemble a child's
 * environment, tool configs, and tests and their helpers, which set variables before importing.
 */
const ENV_READERS = [
  "packages/env/src/**",
  "scripts/**",
  "bench/**",
  "e2e/**",
  "**/*.test.ts",
  "**/testing.ts",
  "playwright.config.ts",
  "vitest.config.ts",
  "packages/db/prisma.config.ts",
];

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next/**",
      "**/dist/**",
      "**/generated/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "**/next-env.d.ts",
      "apps/cli/bin/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: { allowDefaultProject: ["*.js", "*.mjs", "scripts/*.mjs"] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/only-throw-error": "off",
      "no-console": "off",
    },
  },
  {
    // Tests may assert on shapes they just built; `!` there reads better than a guard.
    files: ["**/*.test.ts", "e2e/**", "bench/**", "scripts/**"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off", "@typescript-eslint/unbound-method": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  layer(
    ["packages/deliverability/**"],
    [
      "@inboxwatch/db",
      "@inboxwatch/services",
      "@inboxwatch/alerting",
      "@inboxwatch/api",
      "@inboxwatch/jobs",
      "@inboxwatch/auth",
      "@prisma/*",
    ],
    "deliverability is pure protocol code: no database, no services.",
  ),
  layer(
    ["packages/analytics/**"],
    ["@inboxwatch/db", "@inboxwatch/services", "@inboxwatch/api", "@inboxwatch/jobs", "@inboxwatch/auth", "@prisma/*", "@inboxwatch/env"],
    "analytics is pure: KPI formulas, statistics and the ROI model over counts the store hands it.",
  ),
  layer(
    ["packages/reporting/**"],
    [
      "@inboxwatch/db",
      "@inboxwatch/services",
      "@inboxwatch/alerting",
      "@inboxwatch/api",
      "@inboxwatch/jobs",
      "@inboxwatch/auth",
      "@prisma/*",
      "@inboxwatch/env",
      "next",
      "next/*",
    ],
    "reporting renders frozen ReportFigures (HTML, email, chat, PDF) and computes rules over plain data: no database, no services.",
  ),
  layer(
    ["packages/db/**"],
    [
      "@inboxwatch/services",
      "@inboxwatch/alerting",
      "@inboxwatch/api",
      "@inboxwatch/jobs",
      "@inboxwatch/auth",
      "@inboxwatch/deliverability",
    ],
    "db is the bottom layer.",
  ),
  layer(
    ["packages/jobs/**"],
    ["@inboxwatch/services", "@inboxwatch/alerting", "@inboxwatch/api", "@inboxwatch/auth"],
    "jobs may import db only.",
  ),
  layer(
    ["packages/services/**"],
    ["@inboxwatch/api", "@inboxwatch/auth", "@inboxwatch/alerting", "next", "next/*", "@trpc/*"],
    "services are framework-free domain verbs; alerting builds on them, not the reverse.",
  ),
  layer(
    ["packages/alerting/**"],
    ["@inboxwatch/api", "@inboxwatch/auth", "next", "next/*", "@trpc/*"],
    "alerting is verbs over services, db, jobs and deliverability: framework-free.",
  ),
  layer(
    ["packages/alerting/src/engine/**"],
    [
      "@inboxwatch/db",
      "@inboxwatch/services",
      "@inboxwatch/jobs",
      "@inboxwatch/api",
      "@inboxwatch/auth",
      "@prisma/*",
      "next",
      "next/*",
      "@trpc/*",
    ],
    "the alerting engine is pure: no database, no services, no jobs (the verbs beside it wire it).",
  ),
  layer(["packages/api/**"], ["@inboxwatch/db", "@prisma/*", "@inboxwatch/auth"], "routers call service verbs; no Prisma in routers."),
  layer(["apps/worker/**"], ["@inboxwatch/api", "@trpc/*", "next", "next/*"], "the worker calls services, never tRPC."),
  layer(
    ["apps/cli/**"],
    ["@inboxwatch/db", "@inboxwatch/services", "@inboxwatch/alerting", "@inboxwatch/api"],
    "the CLI runs engines without a database.",
  ),
  {
    // Variables are read through the env pieces (packages/env, docs/configuration.md), composed once per app.
    files: ["**/*.ts", "**/*.tsx", "**/*.js", "**/*.mjs"],
    ignores: ENV_READERS,
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read variables through @inboxwatch/env (a piece, or the app's env module)." },
      ],
    },
  },
  {
    // Tests and their helpers build fixtures with whatever layer they need.
    files: ["**/*.test.ts", "**/testing.ts", "e2e/**", "bench/**"],
    rules: { "no-restricted-imports": "off" },
  },
);
