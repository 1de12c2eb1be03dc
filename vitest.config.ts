import { defineConfig } from "vitest/config";

export default defineConfig({
  // The shared tsconfig keeps JSX as is ("preserve", for Next); tests of .tsx components need it compiled.
  oxc: { jsx: { runtime: "automatic" } },
  test: {
    include: ["apps/**/src/**/*.test.ts", "packages/**/src/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/.next/**", "e2e/**"],
    globalSetup: ["./scripts/vitest-global-setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests may start servers on loopback; they must never reach further.
    env: { EGRESS_ALLOW: "127.0.0.0/8,::1/128", INBOXWATCH_ENCRYPTION_KEYS: "1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" },
  },
});
