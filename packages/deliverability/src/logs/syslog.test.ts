import { describe, expect, it } from "vitest";

import { providerFor } from "./provider.ts";
import { parseSyslogMessage, SyslogFrameDecoder, toLogLine } from "./syslog.ts";

describe("syslog messages", () => {
  it("parses RFC 5424 with structured data and escapes (RFC 5424 §6.5 example 3)", () => {
    const m = parseSyslogMessage(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Appli\\]cation" eventID="1011"][iw@1 token="abc"] An application event',
    );
    expect(m).toMatchObject({
      facility: 20,
      severity: 5,
      version: 1,
      hostname: "mymachine.example.com",
      appName: "evntslog",
      procId: "",
      msgId: "ID47",
      message: "An application event",
    });
    expect(m.structuredData).toEqual({
      "exampleSDID@32473": { iut: "3", eventSource: "Appli]cation", eventID: "1011" },
      "iw@1": { token: "abc" },
    });
    expect(m.time).toBe("2003-10-11T22:14:15.003Z");
  });

  it("parses RFC 3164 and re-renders it as a log line the parsers read", () => {
    const m = parseSyslogMessage("<22>Mar  1 10:00:01 mx postfix/smtp[2]: ABCDE1: to=<r@y.org>, status=sent (250 Ok)", { year: 2024 });
    expect(m).toMatchObject({ facility: 2, severity: 6, version: 0, hostname: "mx", appName: "postfix/smtp", procId: "2" });
    expect(m.time).toBe("2024-03-01T10:00:01.000Z");
    expect(toLogLine(m)).toBe("2024-03-01T10:00:01.000Z mx postfix/smtp[2]: ABCDE1: to=<r@y.org>, status=sent (250 Ok)");
  });
});

describe("SyslogFrameDecoder (RFC 6587)", () => {
  it("decodes octet-counted and newline frames split across chunks", () => {
    const d = new SyslogFrameDecoder();
    const a = "<13>1 - h app - - - hello";
    const wire = Buffer.from(`${Buffer.byteLength(a)} ${a}<13>Mar  1 10:00:00 h app: line two\n${Buffer.byteLength("ü")} ü`);
    const frames: string[] = [];
    for (let i = 0; i < wire.length; i += 3) frames.push(...d.push(wire.subarray(i, i + 3)).frames);
    expect(frames).toEqual([a, "<13>Mar  1 10:00:00 h app: line two", "ü"]);
    expect(d.pendingBytes).toBe(0);
  });

  it("skips a frame over the size bound and goes on", () => {
    const d = new SyslogFrameDecoder(16);
    const r = d.push(Buffer.from(`40 ${"x".repeat(40)}5 hello`));
    expect(r.errors).toHaveLength(1);
    expect(r.frames).toEqual(["hello"]);
    const r2 = d.push(Buffer.from(`${"y".repeat(20)}`));
    expect(r2.errors).toHaveLength(1);
    expect(d.push(Buffer.from("tail\nok\n")).frames).toEqual(["ok"]);
  });
});

describe("providerFor", () => {
  it.each([
    ["gmail.com", "", "google"],
    ["googlemail.com", "", "google"],
    ["acme.example", "aspmx.l.google.com", "google"],
    ["hotmail.com", "", "microsoft"],
    ["corp.example", "corp-example.mail.protection.outlook.com", "microsoft"],
    ["aol.com", "", "yahoo"],
    ["me.com", "", "apple"],
    ["web.de", "", "gmx"],
    ["mail.ru", "", "mailru"],
    ["other.example", "", "other"],
  ])("%s via %s → %s", (domain, mx, provider) => {
    expect(providerFor(domain, mx)).toBe(provider);
  });
});
