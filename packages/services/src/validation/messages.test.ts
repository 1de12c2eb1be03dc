import { describe, expect, it } from "vitest";
import { z } from "zod";

import { ZDomainName } from "../inventory/fields.ts";
import { describeIssue, fieldLabel } from "./messages.ts";

const firstMessage = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error("expected a failure");
  return describeIssue(r.error.issues[0]!);
};

describe("validation messages for people", () => {
  it("say what to do, with the field's name, instead of zod's developer text", () => {
    expect(firstMessage(z.object({ name: z.string().max(80) }), { name: "x".repeat(81) })).toBe("Name: use at most 80 characters");
    expect(firstMessage(z.object({ name: z.string().min(1) }), { name: "" })).toBe("Name: this is required");
    expect(firstMessage(z.object({ webhookUrl: z.url() }), { webhookUrl: "nope" })).toBe(
      "Webhook url: enter a full URL like https://example.com/hook",
    );
    expect(firstMessage(z.object({ to: z.email() }), { to: "nope" })).toBe("To: enter an email address like you@company.com");
    expect(firstMessage(z.object({ severity: z.enum(["critical", "warning"]) }), { severity: "x" })).toBe(
      "Severity: choose one of: critical, warning",
    );
    expect(firstMessage(z.object({ intervalSeconds: z.number().int().min(60) }), { intervalSeconds: 5 })).toBe(
      "Interval seconds: must be at least 60",
    );
    expect(firstMessage(z.object({ hostname: z.string() }), {})).toBe("Hostname: this is required");
  });

  it("keep a schema's own message", () => {
    expect(firstMessage(z.string().max(3, "Three at most"), "abcd")).toBe("Three at most");
  });

  it("allow a 253-character domain and refuse a longer one in words", () => {
    const label = "a".repeat(63);
    const longest = `${label}.${label}.${label}.${"b".repeat(57)}.example`.slice(0, 253);
    expect(longest.length).toBe(253);
    expect(ZDomainName.safeParse(longest).success).toBe(true);
    expect(firstMessage(ZDomainName, `${longest}x`)).toBe("Domain names are at most 253 characters");
    expect(firstMessage(ZDomainName, "x".repeat(300))).toBe("Domain names are at most 253 characters");
  });

  it("name nested fields by their last segment", () => {
    expect(fieldLabel(["condition", "threshold"])).toBe("Threshold");
    expect(fieldLabel(["recipients", 2])).toBe("Recipients");
    expect(fieldLabel([])).toBeNull();
  });
});
