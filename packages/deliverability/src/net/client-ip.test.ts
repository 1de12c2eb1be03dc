import { describe, expect, it } from "vitest";

import { clientIpFromHeaders, parseTrustedProxies, resolveClientIp } from "./client-ip.ts";

const trusted = parseTrustedProxies("10.0.0.1, 2001:db8::/32");

describe("resolveClientIp", () => {
  it("believes nothing forwarded from an untrusted peer", () => {
    expect(resolveClientIp({ peer: "198.51.100.5", forwardedFor: "203.0.113.1", trusted })).toBe("198.51.100.5");
    expect(resolveClientIp({ peer: "::ffff:198.51.100.5", forwardedFor: undefined, trusted: [] })).toBe("198.51.100.5");
  });

  it("walks a trusted chain from the right, in both families", () => {
    expect(resolveClientIp({ peer: "10.0.0.1", forwardedFor: "203.0.113.1, 198.51.100.9", trusted })).toBe("198.51.100.9");
    expect(resolveClientIp({ peer: "2001:db8::5", forwardedFor: ["203.0.113.1", "10.0.0.1"], trusted })).toBe("203.0.113.1");
    expect(resolveClientIp({ peer: "10.0.0.1", forwardedFor: "[2001:db9::1]:443", trusted })).toBe("2001:db9::1");
    // Only trusted hops all the way: the leftmost is the client.
    expect(resolveClientIp({ peer: "10.0.0.1", forwardedFor: "10.0.0.1", trusted })).toBe("10.0.0.1");
  });

  it("never reads an IPv4-compatible or shorthand entry as a trusted IPv4 proxy", () => {
    const loopbackProxy = parseTrustedProxies("127.0.0.1");
    expect(resolveClientIp({ peer: "127.0.0.1", forwardedFor: "9.9.9.9, ::127.0.0.1", trusted: loopbackProxy })).toBe("::7f00:1");
    expect(resolveClientIp({ peer: "127.0.0.1", forwardedFor: "9.9.9.9, 127.1", trusted: loopbackProxy })).toBe("127.0.0.1");
    expect(resolveClientIp({ peer: "::ffff:127.0.0.1", forwardedFor: "203.0.113.7", trusted: loopbackProxy })).toBe("203.0.113.7");
  });

  it("refuses a malformed TRUSTED_PROXIES with the variable's name", () => {
    expect(() => parseTrustedProxies("10.0.0.0/8, proxy.internal")).toThrow("TRUSTED_PROXIES");
  });

  it("reads only a valid address from the header the web server sets", () => {
    expect(clientIpFromHeaders(new Headers({ "x-inboxwatch-client-ip": "198.51.100.5" }))).toBe("198.51.100.5");
    expect(clientIpFromHeaders(new Headers({ "x-inboxwatch-client-ip": "nonsense" }))).toBeNull();
    expect(clientIpFromHeaders(new Headers({ "x-forwarded-for": "198.51.100.5" }))).toBeNull();
  });
});
