import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";

import { composeEnv, definePiece, EnvError } from "./define.ts";
import { databaseEnv, dnsEnv, reportSmtpEnv, secretsEnv, startEnv, workerEnv } from "./pieces.ts";

const KEYS = `1:${Buffer.alloc(32, 1).toString("base64")}`;
const worker = composeEnv("worker", [databaseEnv, secretsEnv, workerEnv, reportSmtpEnv, dnsEnv], { module: "test" });

function envError(fn: () => unknown): EnvError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EnvError) return err;
    throw err;
  }
  throw new Error("expected an EnvError");
}

describe("composeEnv", () => {
  it("fills the defaults and coerces numbers and flags", () => {
    const env = worker.parse({
      DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db",
      INBOXWATCH_ENCRYPTION_KEYS: KEYS,
      REPORT_SMTP_ENABLED: "true",
      WORKER_CONCURRENCY: "8",
    });
    expect(env).toMatchObject({
      WORKER_HEALTH_PORT: 3001,
      WORKER_CONCURRENCY: 8,
      REPORT_SMTP_ENABLED: true,
      REPORT_SMTP_PORT: 2525,
      DNS_SERVERS: "",
      DNS_QUERY_TIMEOUT_MS: 2000,
    });
    expect(env.REPORT_SMTP_TLS_KEY_FILE).toBeUndefined();
  });

  it("names every missing or bad variable in one error, and never the values", () => {
    const err = envError(() =>
      worker.parse({
        WORKER_CONCURRENCY: "0",
        REPORT_SMTP_PORT: "70000",
        REPORT_SMTP_ENABLED: "yes",
        INBOXWATCH_ENCRYPTION_KEYS: "secret-value",
      }),
    );
    expect(err.problems.map((p) => p.variable)).toEqual(["DATABASE_URL", "REPORT_SMTP_ENABLED", "REPORT_SMTP_PORT", "WORKER_CONCURRENCY"]);
    expect(err.message).toContain("Invalid environment for worker (4 variables):");
    expect(err.message).toContain("  DATABASE_URL: is not set (required)");
    expect(err.message).toContain("See docs/configuration.md.");
    expect(err.message).not.toContain("secret-value");
  });

  it("treats an empty value as unset", () => {
    expect(envError(() => worker.parse({ DATABASE_URL: "", INBOXWATCH_ENCRYPTION_KEYS: KEYS })).problems).toEqual([
      { variable: "DATABASE_URL", message: "is not set (required)" },
    ]);
    expect(startEnv.parse({ INBOXWATCH_PG_PORT: "" }).INBOXWATCH_PG_PORT).toBeUndefined();
  });

  it("adds the owners' format checks to the same error, without their variable prefix", () => {
    const checked = composeEnv("web", [databaseEnv, secretsEnv], {
      module: "test",
      checks: {
        INBOXWATCH_ENCRYPTION_KEYS: (v) => {
          if (v !== KEYS) throw new Error("INBOXWATCH_ENCRYPTION_KEYS: each entry must be <version ≥ 1>:<32 bytes in base64>");
        },
      },
    });
    const err = envError(() => checked.parse({ INBOXWATCH_ENCRYPTION_KEYS: "1:short" }));
    expect(err.problems).toEqual([
      { variable: "DATABASE_URL", message: "is not set (required)" },
      { variable: "INBOXWATCH_ENCRYPTION_KEYS", message: "each entry must be <version ≥ 1>:<32 bytes in base64>" },
    ]);
    expect(() => composeEnv("x", [databaseEnv], { module: "test", checks: { NOPE: () => undefined } })).toThrow(/NOPE/);
  });

  it("refuses two pieces that define one variable differently", () => {
    const other = definePiece("Other", { DATABASE_URL: z.string() });
    expect(() => composeEnv("x", [databaseEnv, other], { module: "test" })).toThrow(/DATABASE_URL is defined by two pieces/);
    expect(() => composeEnv("x", [databaseEnv, databaseEnv], { module: "test" })).not.toThrow();
  });
});

describe("read()", () => {
  const saved = { DNS_SERVERS: process.env.DNS_SERVERS, DNS_QUERY_TIMEOUT_MS: process.env.DNS_QUERY_TIMEOUT_MS };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("follows process.env as tests change it, and returns the same object while nothing changed", () => {
    process.env.DNS_SERVERS = "127.0.0.1:5353";
    const first = dnsEnv.read();
    expect(first.DNS_SERVERS).toBe("127.0.0.1:5353");
    expect(dnsEnv.read()).toBe(first);
    process.env.DNS_QUERY_TIMEOUT_MS = "50";
    expect(() => dnsEnv.read()).toThrow(/DNS_QUERY_TIMEOUT_MS/);
    process.env.DNS_QUERY_TIMEOUT_MS = "500";
    expect(dnsEnv.read().DNS_QUERY_TIMEOUT_MS).toBe(500);
  });
});
