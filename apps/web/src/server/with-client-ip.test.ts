import http from "node:http";
import { type AddressInfo } from "node:net";

import { afterEach, describe, expect, it } from "vitest";

import { CLIENT_IP_HEADER, parseTrustedProxies } from "@inboxwatch/deliverability/net";

import { withClientIp } from "./with-client-ip.ts";

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Starts the wrapper on loopback with a handler that echoes the address it was given. */
async function start(trustedSpec: string | undefined): Promise<string> {
  server = http.createServer(
    withClientIp(parseTrustedProxies(trustedSpec), (req, res) => res.end(String(req.headers[CLIENT_IP_HEADER] ?? ""))),
  );
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe("the web server's client address", () => {
  it("is the socket peer when no proxy is trusted, whatever X-Forwarded-For or our own header say", async () => {
    const url = await start(undefined);
    for (let i = 0; i < 70; i++) {
      const res = await fetch(url, { headers: { "x-forwarded-for": `198.51.100.${i}`, [CLIENT_IP_HEADER]: `203.0.113.${i}` } });
      expect(await res.text()).toBe("127.0.0.1");
    }
  });

  it("follows X-Forwarded-For only through trusted proxies, from the right", async () => {
    const url = await start("127.0.0.1, 10.0.0.0/8");
    const ask = async (xff?: string) => (await fetch(url, { headers: xff ? { "x-forwarded-for": xff } : {} })).text();
    expect(await ask()).toBe("127.0.0.1");
    expect(await ask("203.0.113.9")).toBe("203.0.113.9");
    // A client prepending its own entries cannot choose its address: the rightmost untrusted hop wins.
    expect(await ask("1.2.3.4, 203.0.113.9")).toBe("203.0.113.9");
    expect(await ask("1.2.3.4, 203.0.113.9, 10.1.2.3")).toBe("203.0.113.9");
    // Junk ends the walk at the last trusted hop instead of believing what lies beyond it.
    expect(await ask("203.0.113.9, not-an-ip, 10.1.2.3")).toBe("10.1.2.3");
  });
});
