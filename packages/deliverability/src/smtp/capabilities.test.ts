import { describe, expect, it } from "vitest";

import { hostnameFromGreeting, parseEhloCapabilities } from "./capabilities.ts";
import { redactCommand } from "./transcript.ts";

describe("parseEhloCapabilities", () => {
  it("types the known extensions and keeps every line raw", () => {
    const caps = parseEhloCapabilities([
      "mx.google.com at your service",
      "SIZE 157286400",
      "8BITMIME",
      "STARTTLS",
      "ENHANCEDSTATUSCODES",
      "PIPELINING",
      "CHUNKING",
      "SMTPUTF8",
      "DSN",
      "REQUIRETLS",
      "AUTH LOGIN PLAIN XOAUTH2",
      "AUTH=LOGIN",
      "X-CUSTOM thing",
    ]);
    expect(caps).toMatchObject({
      size: 157286400,
      eightBitMime: true,
      startTls: true,
      enhancedStatusCodes: true,
      pipelining: true,
      chunking: true,
      smtpUtf8: true,
      dsn: true,
      requireTls: true,
    });
    expect(caps.authMechanisms).toEqual(["LOGIN", "PLAIN", "XOAUTH2"]);
    expect(caps.raw).toContain("X-CUSTOM thing");
    expect(caps.raw).toHaveLength(12);
  });

  it("reads SIZE without a value as 0 (no fixed limit, RFC 1870 §4)", () => {
    expect(parseEhloCapabilities(["x", "SIZE"]).size).toBe(0);
    expect(parseEhloCapabilities(["x"]).size).toBeNull();
  });
});

describe("hostnameFromGreeting", () => {
  it.each([
    ["mx.example.com ESMTP Postfix", "mx.example.com"],
    ["[192.0.2.1] ready", "[192.0.2.1]"],
    ["localhost", "localhost"],
    ["ESMTP ready", null],
    ["*** welcome ***", null],
  ])("%j → %j", (text, expected) => {
    expect(hostnameFromGreeting(text)).toBe(expected);
  });
});

describe("redactCommand", () => {
  it("hides SASL initial responses and leaves other commands alone", () => {
    expect(redactCommand("AUTH PLAIN AHVzZXIAcGFzcw==")).toBe("AUTH PLAIN [redacted]");
    expect(redactCommand("AUTH LOGIN")).toBe("AUTH LOGIN");
    expect(redactCommand("MAIL FROM:<a@b>")).toBe("MAIL FROM:<a@b>");
  });
});
