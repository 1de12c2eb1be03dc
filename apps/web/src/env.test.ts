import { EnvError } from "@inboxwatch/env";
import { describe, expect, it } from "vitest";

import { webEnv } from "./env.ts";

const GOOD = {
  DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/inboxwatch",
  AUTH_SECRET: "a-test-secret-that-is-long-enough-0123456789",
  INBOXWATCH_ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 3).toString("base64")}`,
};

describe("the web app's environment", () => {
  it("needs three variables and defaults the rest", () => {
    expect(webEnv.parse(GOOD)).toMatchObject({
      PORT: 3000,
      HOST: "127.0.0.1",
      APP_URL: "http://127.0.0.1:3000",
      API_RATE_LIMIT_PER_MINUTE: 600,
      DNS_QUERY_TIMEOUT_MS: 2000,
    });
  });

  it("names every bad variable in one error, with the owners' own format checks", () => {
    let error: unknown;
    try {
      webEnv.parse({
        ...GOOD,
        AUTH_SECRET: "short",
        INBOXWATCH_ENCRYPTION_KEYS: "1:c2hvcnQ=",
        TRUSTED_PROXIES: "10.0.0.0/33",
        EGRESS_ALLOW: "localhost",
        PORT: "http",
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvError);
    const problems = (error as EnvError).problems;
    expect(problems.map((p) => p.variable)).toEqual([
      "AUTH_SECRET",
      "EGRESS_ALLOW",
      "INBOXWATCH_ENCRYPTION_KEYS",
      "PORT",
      "TRUSTED_PROXIES",
    ]);
    expect(problems.find((p) => p.variable === "AUTH_SECRET")?.message).toBe("must be at least 32 characters (openssl rand -base64 32)");
    expect(problems.find((p) => p.variable === "EGRESS_ALLOW")?.message).toBe('"localhost" is not an IP address or CIDR range');
  });
});
