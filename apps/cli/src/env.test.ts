import { describe, expect, it } from "vitest";

import { cliEnv } from "./env.ts";

describe("the CLI's environment", () => {
  it("needs nothing, and points `inboxwatch api` at a local server by default", () => {
    expect(cliEnv.parse({})).toEqual({ INBOXWATCH_API_URL: "http://127.0.0.1:3000" });
  });

  it("checks EGRESS_ALLOW with the egress guard's own parser", () => {
    expect(() => cliEnv.parse({ EGRESS_ALLOW: "::ffff:10.0.0.0/104" })).toThrow(
      /EGRESS_ALLOW: "::ffff:10.0.0.0\/104" is not an IP address or CIDR range/,
    );
  });
});
