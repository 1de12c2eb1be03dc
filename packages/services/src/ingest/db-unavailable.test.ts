import { describe, expect, it } from "vitest";

import { isDatabaseUnavailable } from "./db-unavailable.ts";

describe("isDatabaseUnavailable", () => {
  it("recognises connection failures through the cause chain and nothing else", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(
      isDatabaseUnavailable(
        new Error("wrapped", { cause: Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }) }),
      ),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("syntax error at or near"))).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });
});
