/**
 * Hostile and broken peers made in the test with raw `net` servers. Each must end in its outcome class
 * within its (shortened) limit, and the reply reader must never hold more than its caps.
 */
import type net from "node:net";

import { afterEach, describe, expect, it } from "vitest";

import { DEFAULT_SMTP_LIMITS } from "./limits.ts";
import { probeSmtp } from "./probe.ts";
import {
  CLOSE,
  FAST_LIMITS,
  LOOPBACK_POLICY,
  makeCertificate,
  scriptedPeer,
  startRawPeer,
  startSmtpServer,
  type RunningPeer,
} from "./test-peers.ts";
import { type ProbeOptions } from "./probe-context.ts";

const opened: RunningPeer[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close()));
});
async function track<T extends RunningPeer>(peer: Promise<T>): Promise<T> {
  const p = await peer;
  opened.push(p);
  return p;
}

const limits = { ...DEFAULT_SMTP_LIMITS, ...FAST_LIMITS };
const options: ProbeOptions = { egressPolicy: LOOPBACK_POLICY, helo: "probe.test", limits: FAST_LIMITS };
const probe = (port: number, mode: "auto" | "tls" = "auto") => probeSmtp({ host: "127.0.0.1", port, mode }, options);
const readerCap = limits.maxReplyLineBytes + limits.maxReplyBytes;

/** Writes `chunk` as fast as the socket drains, until it closes or `maxBytes` went out (bounded). */
function flood(socket: net.Socket, chunk: string, maxBytes: number): void {
  let sent = 0;
  const pump = (): void => {
    while (!socket.destroyed && sent < maxBytes) {
      sent += chunk.length;
      if (!socket.write(chunk)) return void socket.once("drain", pump);
    }
  };
  pump();
}

describe("probeSmtp against hostile peers", () => {
  it("times out in phase banner when the peer never greets", async () => {
    const peer = await track(startRawPeer(() => {}));
    const result = await probe(peer.port);
    expect(result.outcome).toMatchObject({ kind: "timeout", phase: "banner" });
    expect(result.outcome.kind === "timeout" && result.outcome.message).toContain(`${limits.bannerTimeoutMs} ms`);
    expect(result.timings.total).toBeLessThan(limits.hardTimeoutMs);
  });

  it("ends a peer trickling one byte per second as a timeout by the data-rate floor, before the phase limit", async () => {
    const peer = await track(
      startRawPeer((socket) => {
        const text = "220 slow.example ESMTP\r\n";
        let i = 0;
        const tick = (): void => {
          if (socket.destroyed || i >= text.length) return;
          socket.write(text[i++] ?? "");
          setTimeout(tick, 1_000).unref();
        };
        tick();
      }),
    );
    const result = await probe(peer.port);
    expect(result.outcome).toMatchObject({ kind: "timeout", phase: "banner" });
    expect(result.outcome.kind === "timeout" && result.outcome.message).toMatch(/B\/s floor/);
  });

  it("stops an endless multi-line reply at the line cap with bounded memory", async () => {
    const peer = await track(startRawPeer((socket) => flood(socket, "220-still going\r\n".repeat(256), 50_000_000)));
    const result = await probe(peer.port);
    expect(result.outcome).toMatchObject({ kind: "protocol_error", phase: "banner" });
    expect(result.outcome.kind === "protocol_error" && result.outcome.message).toContain(`more than ${limits.maxReplyLines} lines`);
    expect(result.io.peakBufferedBytes).toBeLessThanOrEqual(readerCap);
    expect(result.io.bytesRead).toBeLessThan(1_000_000);
  });

  it("stops a 1 MB line at the line cap without buffering it", async () => {
    const peer = await track(startRawPeer((socket) => socket.write(`220 ${"x".repeat(1_048_576)}\r\n`)));
    const result = await probe(peer.port);
    expect(result.outcome).toMatchObject({ kind: "protocol_error", phase: "banner" });
    expect(result.outcome.kind === "protocol_error" && result.outcome.message).toContain(`longer than ${limits.maxReplyLineBytes} bytes`);
    expect(result.io.peakBufferedBytes).toBeLessThanOrEqual(limits.maxReplyLineBytes);
    expect(result.io.bytesRead).toBeLessThan(1_048_576);
  });

  it("reports a peer that hangs up after EHLO as a protocol_error in phase ehlo", async () => {
    const peer = await track(scriptedPeer("220 hangup.example ESMTP\r\n", (line) => (line.startsWith("EHLO") ? CLOSE : "250 ok\r\n")));
    const result = await probe(peer.port);
    expect(result.outcome).toMatchObject({ kind: "protocol_error", phase: "ehlo" });
    expect(result.banner?.hostname).toBe("hangup.example");
  });

  it("reports garbage instead of reply codes as a protocol_error", async () => {
    const peer = await track(startRawPeer((socket) => socket.write("HELLO THERE, FRIEND\r\n")));
    const result = await probe(peer.port);
    expect(result.outcome).toMatchObject({ kind: "protocol_error", phase: "banner" });
    expect(result.outcome.kind === "protocol_error" && result.outcome.message).toContain("expected a reply code");
  });

  it("reports a multi-line reply that changes code mid-way as a protocol_error", async () => {
    const peer = await track(scriptedPeer("220 ok\r\n", () => "250-first\r\n550 second\r\n"));
    const result = await probe(peer.port);
    expect(result.outcome).toMatchObject({ kind: "protocol_error", phase: "ehlo" });
  });

  it.each([
    ["550 5.7.1 Client host rejected\r\n", 550, "5.7.1"],
    ["421 4.3.2 Service shutting down\r\n", 421, "4.3.2"],
  ])("reports EHLO answered with %j as rejected in phase ehlo", async (answer, code, enhanced) => {
    const peer = await track(scriptedPeer("220 picky.example ESMTP\r\n", (line) => (line.startsWith("QUIT") ? "221 bye\r\n" : answer)));
    const result = await probe(peer.port);
    expect(result.outcome).toMatchObject({ kind: "rejected", phase: "ehlo", code, enhancedCode: enhanced });
  });

  it("falls back to HELO when EHLO is not implemented (502)", async () => {
    const peer = await track(
      scriptedPeer("220 old.example SMTP\r\n", (line) =>
        line.startsWith("EHLO") ? "502 not implemented\r\n" : line.startsWith("HELO") ? "250 old.example\r\n" : "221 bye\r\n",
      ),
    );
    const result = await probe(peer.port);
    expect(result.outcome.kind).toBe("ok");
    expect(result.ehlo).toMatchObject({ heloFallback: true, hostname: "old.example" });
  });

  it("times out in phase tls when the peer accepts STARTTLS and then says nothing", async () => {
    const peer = await track(
      scriptedPeer("220 mute.example ESMTP\r\n", (line) =>
        line.startsWith("EHLO") ? "250-mute.example\r\n250 STARTTLS\r\n" : line === "STARTTLS" ? "220 go ahead\r\n" : null,
      ),
    );
    const result = await probe(peer.port);
    expect(result.outcome).toMatchObject({ kind: "timeout", phase: "tls" });
  });

  it("ends a TLS handshake the peer trickles as a timeout by the data-rate floor", async () => {
    const trickle = (socket: net.Socket): void => {
      // A TLS record header announcing 4 KiB of handshake, then its body one byte at a time.
      socket.write(Buffer.from([0x16, 0x03, 0x03, 0x10, 0x00]));
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write(Buffer.from([0x02]))), 100);
      timer.unref();
    };
    const peer = await track(
      scriptedPeer("220 drip.example ESMTP\r\n", (line, socket) => {
        if (line.startsWith("EHLO")) return "250-drip.example\r\n250 STARTTLS\r\n";
        if (line !== "STARTTLS") return null;
        setTimeout(() => trickle(socket), 20).unref();
        return "220 go ahead\r\n";
      }),
    );
    const result = await probe(peer.port);
    expect(result.outcome).toMatchObject({ kind: "timeout", phase: "tls" });
    expect(result.outcome.kind === "timeout" && result.outcome.message).toMatch(/TLS handshake, below/);
  });

  it("refuses plaintext injected between the STARTTLS reply and the handshake (RFC 3207 §4.2)", async () => {
    const peer = await track(
      scriptedPeer("220 evil.example ESMTP\r\n", (line) =>
        line.startsWith("EHLO") ? "250-evil.example\r\n250 STARTTLS\r\n" : line === "STARTTLS" ? "220 go ahead\r\n250 injected\r\n" : null,
      ),
    );
    const result = await probe(peer.port);
    expect(result.outcome).toMatchObject({ kind: "tls_failed", phase: "tls" });
    expect(result.outcome.kind === "tls_failed" && result.outcome.message).toContain("RFC 3207");
  });

  it("reports implicit TLS against a plaintext server as tls_failed", async () => {
    const plain = await track(startSmtpServer({ authOptional: true }));
    const result = await probe(plain.port, "tls");
    expect(result.outcome).toMatchObject({ kind: "tls_failed", phase: "tls" });
  });

  it("reports a server that only speaks TLS 1.1 as tls_failed (we require TLS 1.2+)", async () => {
    const { cert, key } = makeCertificate("legacy.example");
    const peer = await track(
      startSmtpServer({
        secure: true,
        cert,
        key,
        minVersion: "TLSv1",
        maxVersion: "TLSv1.1",
        ciphers: "DEFAULT:@SECLEVEL=0",
        authOptional: true,
      }),
    );
    const result = await probe(peer.port, "tls");
    expect(result.outcome).toMatchObject({ kind: "tls_failed", phase: "tls" });
  });

  it("ends at the hard per-probe limit even when each phase would allow longer", async () => {
    const peer = await track(startRawPeer(() => {}));
    const result = await probeSmtp(
      { host: "127.0.0.1", port: peer.port },
      { ...options, limits: { ...FAST_LIMITS, bannerTimeoutMs: 10_000, hardTimeoutMs: 400 } },
    );
    expect(result.outcome).toMatchObject({ kind: "timeout", phase: "banner" });
    expect(result.outcome.kind === "timeout" && result.outcome.message).toContain("400 ms limit");
  });
});
