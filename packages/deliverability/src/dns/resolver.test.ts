import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createResolver, parseServer } from "./resolver.ts";
import { startTestDnsServer, type TestDnsServer } from "./testing/index.ts";

const LONG_TXT = "v=spf1 " + Array.from({ length: 40 }, (_, i) => `ip4:192.0.2.${i}`).join(" ") + " -all";

describe("stub resolver against the loopback DNS server", () => {
  let server: TestDnsServer;
  beforeAll(async () => {
    server = await startTestDnsServer(
      {
        "example.test": { A: ["192.0.2.1"], MX: [{ preference: 10, exchange: "mx.example.test" }], TXT: ["hello", ["a", "b"]], ttl: 30 },
        "mx.example.test": { A: ["192.0.2.2"] },
        "alias.example.test": { CNAME: "example.test" },
        "big.example.test": { TXT: [LONG_TXT, LONG_TXT] },
        "deep.sub.example.test": { A: ["192.0.2.3"] },
        "flaky.example.test": { A: ["192.0.2.4"] },
        "small.example.test": { TXT: ["tiny"] },
      },
      { timeout: ["slow.example.test"], servfail: ["broken.example.test"], truncate: ["small.example.test/TXT"] },
    );
  });
  afterAll(() => server.close());

  it("returns typed records with the answer TTL", async () => {
    const r = createResolver({ servers: [server.address] });
    expect(await r.query("example.test", "A")).toEqual({ kind: "answer", records: ["192.0.2.1"], ttl: 30, cnames: [] });
    expect(await r.query("EXAMPLE.test.", "MX")).toMatchObject({ records: [{ preference: 10, exchange: "mx.example.test" }] });
    expect(await r.query("example.test", "TXT")).toMatchObject({ records: [["hello"], ["a", "b"]] });
  });

  it("keeps NXDOMAIN apart from NODATA, including empty non-terminals", async () => {
    const r = createResolver({ servers: [server.address] });
    expect(await r.query("missing.example.test", "A")).toEqual({ kind: "nxdomain" });
    expect(await r.query("example.test", "AAAA")).toEqual({ kind: "nodata" });
    expect(await r.query("sub.example.test", "A")).toEqual({ kind: "nodata" });
  });

  it("reports the CNAME chain it followed", async () => {
    const r = createResolver({ servers: [server.address] });
    expect(await r.query("alias.example.test", "A")).toMatchObject({ kind: "answer", records: ["192.0.2.1"], cnames: ["example.test"] });
  });

  it("falls back to TCP when the UDP answer is truncated", async () => {
    const r = createResolver({ servers: [server.address] });
    const big = await r.query("big.example.test", "TXT");
    expect(big.kind === "answer" && big.records.map((s) => s.join(""))).toEqual([LONG_TXT, LONG_TXT]);
    expect(await r.query("small.example.test", "TXT")).toMatchObject({ records: [["tiny"]] });
    expect(r.stats.queries).toBe(4);
  });

  it("turns timeouts and SERVFAIL into error data after retrying", async () => {
    const r = createResolver({ servers: [server.address], timeoutMs: 50, retries: 1 });
    expect(await r.query("slow.example.test", "A")).toMatchObject({ kind: "error", error: "timeout" });
    expect(r.stats.timeouts).toBe(2);
    expect(await r.query("broken.example.test", "A")).toMatchObject({ kind: "error", error: "servfail" });
    expect(await r.query(`${"x".repeat(64)}.example.test`, "A")).toMatchObject({ kind: "error", error: "badname" });
  });

  it("serves repeated and concurrent lookups from the cache until the TTL passes", async () => {
    let clock = 1_000_000;
    const r = createResolver({ servers: [server.address], now: () => clock });
    await Promise.all([r.query("example.test", "A"), r.query("example.test", "A")]);
    await r.query("example.test", "A");
    await r.query("missing.example.test", "A");
    await r.query("missing.example.test", "A");
    expect(r.stats).toMatchObject({ lookups: 5, queries: 2, cacheHits: 3 });
    clock += 31_000;
    await r.query("example.test", "A");
    expect(r.stats.queries).toBe(3);
  });

  it("parses server specs", () => {
    expect(parseServer("127.0.0.1:5353")).toEqual({ host: "127.0.0.1", port: 5353 });
    expect(parseServer("8.8.8.8")).toEqual({ host: "8.8.8.8", port: 53 });
    expect(parseServer("[::1]:53")).toEqual({ host: "::1", port: 53 });
    expect(() => parseServer("host:port")).toThrow();
  });
});
