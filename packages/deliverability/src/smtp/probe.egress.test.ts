/**
 * The egress guard runs before any socket: these tests inject a dialer that records every call and
 * never send a packet to a private or metadata address.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { pinnedDialer, UnpinnedAddressError, type SocketDialer } from "../net/pinned-dialer.ts";
import { probeSmtp } from "./probe.ts";
import { CLOSED_POLICY, FAST_LIMITS, LOOPBACK_POLICY, fakeResolver, startSmtpServer, type RunningPeer } from "./test-peers.ts";

function recordingDialer(passThrough: boolean): SocketDialer & { dialled: string[] } {
  const dialled: string[] = [];
  return {
    dialled,
    connect(options) {
      dialled.push(options.address);
      if (!passThrough) throw new Error("test dialer: no connection may be attempted here");
      return pinnedDialer.connect(options);
    },
    upgradeTls: (socket, options) => pinnedDialer.upgradeTls(socket, options),
  };
}

let server: RunningPeer;
beforeAll(async () => {
  server = await startSmtpServer({ authOptional: true });
});
afterAll(async () => {
  await server.close();
});

describe("probeSmtp and the egress guard", () => {
  it.each(["127.0.0.1", "::1", "::ffff:127.0.0.1", "10.0.0.7", "169.254.169.254", "100.64.0.1", "[fe80::1]"])(
    "refuses %s as blocked_by_policy without dialling",
    async (host) => {
      const dialer = recordingDialer(false);
      const result = await probeSmtp({ host, port: 25 }, { egressPolicy: CLOSED_POLICY, limits: FAST_LIMITS }, { dialer });
      expect(result.outcome).toMatchObject({ kind: "blocked_by_policy", phase: "dns" });
      expect(dialer.dialled).toEqual([]);
      expect(result.dials).toEqual([]);
    },
  );

  it("refuses a domain whose MX hosts resolve only to private and metadata addresses", async () => {
    const dialer = recordingDialer(false);
    const resolver = fakeResolver({
      mx: { "corp.test": ["10 mx.corp.test", "20 meta.corp.test"] },
      a: { "mx.corp.test": ["192.168.1.25"], "meta.corp.test": ["169.254.169.254"] },
      aaaa: { "mx.corp.test": ["fd00::25"] },
    });
    const result = await probeSmtp(
      { host: "corp.test", port: 25 },
      { egressPolicy: CLOSED_POLICY, limits: FAST_LIMITS },
      { dialer, resolver },
    );
    expect(result.outcome.kind).toBe("blocked_by_policy");
    expect(result.outcome.kind === "blocked_by_policy" && result.outcome.message).toContain("169.254.169.254 (link-local address)");
    expect(result.dns?.hosts.flatMap((h) => h.blocked.map((b) => b.address))).toEqual(["192.168.1.25", "fd00::25", "169.254.169.254"]);
    expect(dialer.dialled).toEqual([]);
  });

  it("dials only the allowed addresses when some of a host's addresses are refused", async () => {
    const dialer = recordingDialer(true);
    const resolver = fakeResolver({ a: { "mixed.test": ["10.1.2.3", "127.0.0.1"] } });
    const result = await probeSmtp(
      { host: "mixed.test", port: server.port, kind: "host" },
      { egressPolicy: LOOPBACK_POLICY, limits: FAST_LIMITS },
      { dialer, resolver },
    );
    expect(result.outcome.kind).toBe("ok");
    expect(dialer.dialled).toEqual(["127.0.0.1"]);
    expect(result.dns?.hosts[0]?.blocked).toEqual([{ address: "10.1.2.3", reason: "private address" }]);
    expect(resolver.queries).not.toContain("MX mixed.test");
  });

  it("reports a null MX (RFC 7505) as rejected 556 5.1.10 without resolving or dialling anything else", async () => {
    const dialer = recordingDialer(false);
    const resolver = fakeResolver({ mx: { "nomail.test": ["0 ."] } });
    const result = await probeSmtp(
      { host: "nomail.test", port: 25 },
      { egressPolicy: LOOPBACK_POLICY, limits: FAST_LIMITS },
      { dialer, resolver },
    );
    expect(result.outcome).toMatchObject({ kind: "rejected", phase: "dns", code: 556, enhancedCode: "5.1.10" });
    expect(result.dns).toMatchObject({ nullMx: true, resolvedAs: "domain" });
    expect(resolver.queries).toEqual(["MX nomail.test"]);
    expect(dialer.dialled).toEqual([]);
  });

  it("reports a name that does not exist as rejected 550 5.1.2 in phase dns", async () => {
    const resolver = fakeResolver({});
    const result = await probeSmtp(
      { host: "nowhere.test", port: 25 },
      { egressPolicy: LOOPBACK_POLICY, limits: FAST_LIMITS },
      { dialer: recordingDialer(false), resolver },
    );
    expect(result.outcome).toMatchObject({ kind: "rejected", phase: "dns", code: 550, enhancedCode: "5.1.2" });
  });

  it("reports an unanswered MX query as a timeout in phase dns and does not fall back to A (RFC 5321 §5.1)", async () => {
    const resolver = { ...fakeResolver({ a: { "slow.test": ["127.0.0.1"] } }), resolveMx: () => new Promise<never>(() => {}) };
    const result = await probeSmtp(
      { host: "slow.test", port: 25 },
      { egressPolicy: LOOPBACK_POLICY, limits: FAST_LIMITS },
      { dialer: recordingDialer(false), resolver },
    );
    expect(result.outcome).toMatchObject({ kind: "timeout", phase: "dns" });
  });

  it("the pinned dialer refuses host names, so nothing can re-resolve after the check", () => {
    expect(() => pinnedDialer.connect({ address: "localhost", port: 25 })).toThrow(UnpinnedAddressError);
  });

  it("rejects CR/LF in command arguments before any I/O", async () => {
    await expect(
      probeSmtp({ host: "127.0.0.1", port: 25 }, { egressPolicy: LOOPBACK_POLICY, envelope: { rcptTo: "a@b\r\nDATA" } }),
    ).rejects.toThrow(/CR, LF/);
  });
});
