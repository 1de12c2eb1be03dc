/**
 * Validation messages written for people (issue 21, item 13). Zod's defaults speak to developers
 * ("Too big: expected string to have <=300 characters"); these say what to do. A schema's own message
 * still wins over these (zod 4 precedence: schema, then parse, then this global map).
 *
 * Installed once, on import of @inboxwatch/services, so the tRPC routers, REST routes, server actions
 * and the worker all speak the same way.
 */
import { z } from "zod";

type Issue = z.core.$ZodRawIssue;

const FORMAT_NAMES: Record<string, string> = {
  email: "an email address like you@company.com",
  url: "a full URL like https://example.com/hook",
  uuid: "an id",
  cuid: "an id",
  datetime: "a date and time",
  date: "a date",
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
};

const plural = (n: number | bigint, one: string) => `${n} ${one}${Number(n) === 1 ? "" : "s"}`;

export function humanMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === null
        ? "This is required"
        : `Expected ${issue.expected === "string" ? "text" : issue.expected}`;
    case "too_small":
      if (issue.origin === "string")
        return Number(issue.minimum) <= 1 ? "This is required" : `Use at least ${plural(issue.minimum, "character")}`;
      if (issue.origin === "array" || issue.origin === "set") return `Add at least ${plural(issue.minimum, "item")}`;
      return `Must be ${issue.inclusive ? "at least" : "more than"} ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `Use at most ${plural(issue.maximum, "character")}`;
      if (issue.origin === "array" || issue.origin === "set") return `At most ${plural(issue.maximum, "item")}`;
      return `Must be ${issue.inclusive ? "at most" : "less than"} ${issue.maximum}`;
    case "invalid_format":
      return `Enter ${FORMAT_NAMES[issue.format] ?? `a valid ${issue.format}`}`;
    case "invalid_value":
      return `Choose one of: ${issue.values.map(String).join(", ")}`;
    case "not_multiple_of":
      return `Must be a multiple of ${issue.divisor}`;
    case "unrecognized_keys":
      return `Unknown field${issue.keys.length === 1 ? "" : "s"}: ${issue.keys.join(", ")}`;
    default:
      return undefined;
  }
}

/** "authPassword" → "Auth password", "condition.threshold" → "Threshold": the field a person filled in. */
export function fieldLabel(path: readonly PropertyKey[]): string | null {
  const last = [...path].reverse().find((p) => typeof p === "string");
  if (typeof last !== "string") return null;
  const words = last
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One issue as a sentence with its field: "Hostname: use at most 254 characters". */
export function describeIssue(issue: { path: readonly PropertyKey[]; message: string }): string {
  const label = fieldLabel(issue.path);
  if (!label) return issue.message;
  return `${label}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
}

z.config({ customError: humanMessage });
