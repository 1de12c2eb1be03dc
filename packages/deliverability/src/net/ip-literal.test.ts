import { describe, expect, it } from "vitest";

import { ipv4ToString, parseInetAton, parseIpLiteral, parseIpv6Words } from "./ip-literal.ts";

/** The WHATWG URL parser is the reference for what an http(s) URL host reaches. */
function whatwgHost(host: string): string | null {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
}

describe("IP literals read the way dialers read them", () => {
  it.each([
    "127.0.0.1",
    "127.1",
    "127.0.1",
    "2130706433",
    "0x7f000001",
    "0x7f.1",
    "0177.0.0.1",
    "0177.1",
    "0x7f.0.0.0x1",
    "017700000001",
    "127.0.0.1.",
    "0",
    "0x",
    "1.2.3",
    "255.255.255.255",
    "4294967295",
    "0xffffffff",
    "10.0x10.0.1",
  ])("%s denotes what WHATWG URL says", (form) => {
    const value = parseInetAton(form);
    expect(value).not.toBeNull();
    expect(ipv4ToString(value as number)).toBe(whatwgHost(form));
  });

  it.each([
    "4294967296",
    "256.0.0.1",
    "1.2.3.4.5",
    "08.0.0.1",
    "0x100.0.0.1",
    "1..2.3",
    "1.2.3.4 ",
    "a.b.c.d",
    "example.com",
    "",
    "127.0.0.1..",
  ])("%j is not an IPv4 literal", (form) => {
    expect(parseInetAton(form)).toBeNull();
  });

  it.each([
    ["::127.0.0.1", [0, 0, 0, 0, 0, 0, 0x7f00, 1]],
    ["::ffff:127.0.0.1", [0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]],
    ["::ffff:0:127.0.0.1", [0, 0, 0, 0, 0xffff, 0, 0x7f00, 1]],
    ["64:ff9b::10.0.0.1", [0x64, 0xff9b, 0, 0, 0, 0, 0x0a00, 1]],
    ["2001:db8::1", [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]],
    ["::", [0, 0, 0, 0, 0, 0, 0, 0]],
    ["1:2:3:4:5:6:7:8", [1, 2, 3, 4, 5, 6, 7, 8]],
  ])("reads %s word by word (no IPv4-mapped guess)", (form, words) => {
    expect(parseIpv6Words(form)).toEqual(words);
  });

  it("takes brackets and zone ids, and refuses what Node would not connect to", () => {
    expect(parseIpLiteral("[::1]")).toEqual({ family: 6, words: [0, 0, 0, 0, 0, 0, 0, 1], zone: null });
    expect(parseIpLiteral("fe80::1%eth0")).toMatchObject({ family: 6, zone: "eth0" });
    expect(parseIpLiteral("fe80::1%")).toBeNull();
    expect(parseIpLiteral("::1::2")).toBeNull();
    expect(parseIpLiteral("::127.1")).toBeNull();
    expect(parseIpLiteral("mx.example.com")).toBeNull();
  });
});
