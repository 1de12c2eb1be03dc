import dgram from "node:dgram";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { checkFixtures, startTestDnsServer, type TestDnsServer } from "./testing/index.ts";
import { createUdpMux } from "./udp-mux.ts";

let server: TestDnsServer;
beforeAll(async () => {
  const { zone } = checkFixtures();
  server = await startTestDnsServer(zone, { timeout: [/(^|\.)slow\.test$/] });
});
afterAll(() => server.close());

describe("UDP multiplexer", () => {
  it("sends a burst of queries over one socket and matches every answer to its question", async () => {
    const mux = createUdpMux();
    const created = vi.spyOn(dgram, "createSocket");
    try {
      const names = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? "good.test" : `missing${i}.good.test`));
      const outcomes = await Promise.all(names.map((n) => mux.exchange(server, n, "TXT", 2_000)));
      expect(created).toHaveBeenCalledTimes(1);
      outcomes.forEach((o, i) => {
        expect("packet" in o && o.packet.questions?.[0]?.name).toBe(names[i]);
        expect("packet" in o && o.packet.rcode).toBe(i % 2 === 0 ? "NOERROR" : "NXDOMAIN");
      });
      expect(mux.inFlight).toBe(0);
      // The idle socket was closed: the next burst gets a new one (a new source port).
      await mux.exchange(server, "good.test", "MX", 2_000);
      expect(created).toHaveBeenCalledTimes(2);
    } finally {
      created.mockRestore();
    }
  });

  it("times out unanswered queries together without holding up answered ones", async () => {
    const mux = createUdpMux();
    const [slow, fast, slow2] = await Promise.all([
      mux.exchange(server, "a.slow.test", "A", 150),
      mux.exchange(server, "good.test", "MX", 150),
      mux.exchange(server, "b.slow.test", "A", 150),
    ]);
    expect(slow).toMatchObject({ error: "timeout" });
    expect(slow2).toMatchObject({ error: "timeout" });
    expect("packet" in fast).toBe(true);
    expect(mux.inFlight).toBe(0);
  });
});
