import { describe, expect, it } from "vitest";

import { emptyCapabilities } from "./capabilities.ts";
import { detectDrift } from "./drift.ts";
import { nextMonitorState, type MonitorState } from "./monitor-state.ts";
import { type CertificateInfo, type ProbeOutcome, type ProbeResult } from "./types.ts";
import { sampleOf, summariseUptime } from "./uptime.ts";

let clock = 0;
function cert(over: Partial<CertificateInfo> = {}): CertificateInfo {
  return {
    subject: "CN=mx.example.com",
    issuer: "CN=R11, O=Let's Encrypt",
    subjectAltNames: ["DNS:mx.example.com"],
    notBefore: "2025-01-01T00:00:00.000Z",
    notAfter: "2025-04-01T00:00:00.000Z",
    daysLeft: 60,
    fingerprint256: "AA:01",
    serialNumber: "01",
    selfSigned: false,
    ...over,
  };
}

interface Shape {
  outcome?: ProbeOutcome;
  starttls?: boolean;
  version?: "TLSv1.2" | "TLSv1.3";
  cipher?: string;
  leaf?: Partial<CertificateInfo>;
  auth?: string[];
  banner?: string;
  size?: number | null;
  total?: number;
  authorized?: boolean;
}

/** A STARTTLS probe result on port 25, with the facts drift looks at set from `shape`. */
function result(shape: Shape = {}): ProbeResult {
  clock += 60_000;
  const starttls = shape.starttls ?? true;
  const caps = { ...emptyCapabilities(), startTls: starttls, size: shape.size === undefined ? 52_428_800 : shape.size };
  const after = { ...emptyCapabilities(), authMechanisms: shape.auth ?? ["LOGIN", "PLAIN"], size: caps.size };
  return {
    schemaVersion: 1,
    target: { host: "mx.example.com", port: 25, mode: "auto", kind: "auto" },
    startedAt: new Date(Date.UTC(2025, 1, 1) + clock).toISOString(),
    outcome: shape.outcome ?? { kind: "ok" },
    dns: null,
    dials: [],
    connected: { host: "mx.example.com", address: "192.0.2.10", port: 25 },
    banner: { code: 220, text: `${shape.banner ?? "mx.example.com"} ESMTP`, hostname: shape.banner ?? "mx.example.com" },
    ehlo: { hostname: "mx.example.com", heloFallback: false, capabilities: caps },
    tls: starttls
      ? {
          via: "starttls",
          version: shape.version ?? "TLSv1.3",
          cipher: shape.cipher ?? "TLS_AES_256_GCM_SHA384",
          checkedName: "mx.example.com",
          chain: [cert(shape.leaf)],
          hostnameMatch: true,
          chainValid: shape.authorized ?? true,
          authorized: shape.authorized ?? true,
          authorizationError: null,
        }
      : null,
    ehloAfterTls: starttls ? { hostname: "mx.example.com", heloFallback: false, capabilities: after } : null,
    auth: null,
    envelope: null,
    replies: [],
    timings: { dns: 1, connect: 1, banner: 1, ehlo: 1, tls: 1, ehloAfterTls: 1, auth: null, envelope: null, total: shape.total ?? 120 },
    io: { bytesRead: 0, bytesWritten: 0, peakBufferedBytes: 0 },
    transcript: [],
  };
}

const refused: ProbeOutcome = { kind: "refused", phase: "connect", message: "ECONNREFUSED" };
const greylisted: ProbeOutcome = { kind: "rejected", phase: "banner", code: 421, enhancedCode: "4.7.0", message: "try later" };

describe("detectDrift", () => {
  it("reports nothing between identical probes", () => {
    expect(detectDrift(result(), result())).toEqual([]);
  });

  it.each<[string, Shape, string]>([
    ["STARTTLS disappeared", { starttls: false }, "starttls_disappeared"],
    ["TLS version lowered", { version: "TLSv1.2" }, "tls_version_lowered"],
    ["cipher changed", { cipher: "TLS_AES_128_GCM_SHA256" }, "cipher_changed"],
    [
      "certificate replaced",
      { leaf: { fingerprint256: "BB:02", notAfter: "2025-07-01T00:00:00.000Z", daysLeft: 150 } },
      "certificate_replaced",
    ],
    ["AUTH mechanisms changed", { auth: ["PLAIN"] }, "auth_mechanisms_changed"],
    ["banner hostname changed", { banner: "mx2.example.com" }, "banner_hostname_changed"],
    ["SIZE changed", { size: 10_485_760 }, "size_changed"],
  ])("reports %s", (_name, shape, type) => {
    expect(detectDrift(result(), result(shape)).map((e) => e.type)).toContain(type);
  });

  it("reports a certificate entering the 21-day window once, not on every probe inside it", () => {
    const entering = detectDrift(result({ leaf: { daysLeft: 22 } }), result({ leaf: { daysLeft: 21 } }));
    expect(entering).toEqual([
      { type: "certificate_expiring", severity: "regression", daysLeft: 21, notAfter: "2025-04-01T00:00:00.000Z" },
    ]);
    expect(detectDrift(result({ leaf: { daysLeft: 21 } }), result({ leaf: { daysLeft: 20 } }))).toEqual([]);
    expect(detectDrift(null, result({ leaf: { daysLeft: 5 } })).map((e) => e.type)).toEqual(["certificate_expiring"]);
  });

  it("marks removed AUTH mechanisms as a regression and added ones as a change", () => {
    const [removed] = detectDrift(result({ auth: ["LOGIN", "PLAIN"] }), result({ auth: ["PLAIN"] }));
    expect(removed).toMatchObject({ type: "auth_mechanisms_changed", severity: "regression", removed: ["LOGIN"], added: [] });
    const [added] = detectDrift(result({ auth: ["PLAIN"] }), result({ auth: ["LOGIN", "PLAIN"] }));
    expect(added).toMatchObject({ severity: "change", added: ["LOGIN"] });
  });
});

/** Feeds results one by one, like the worker does, and returns the status after each. */
function statuses(results: ProbeResult[], options = {}): string[] {
  let state: MonitorState | null = null;
  const seen: ProbeResult[] = [];
  return results.map((r) => {
    seen.push(r);
    state = nextMonitorState(state, seen.slice(-5), options);
    return state.status;
  });
}

describe("nextMonitorState", () => {
  it("does not flap to DOWN on one failure (greylisting, a reset): DOWN needs the retry to fail too", () => {
    expect(statuses([result(), result({ outcome: greylisted }), result()])).toEqual(["UP", "UP", "UP"]);
    expect(statuses([result(), result({ outcome: refused }), result({ outcome: refused }), result()])).toEqual(["UP", "UP", "DOWN", "UP"]);
  });

  it("keeps the time a status began and counts trailing failures", () => {
    const a = result();
    const b = result({ outcome: refused });
    const c = result({ outcome: refused });
    const s1 = nextMonitorState(null, [a]);
    const s2 = nextMonitorState(s1, [a, b]);
    const s3 = nextMonitorState(s2, [a, b, c]);
    expect(s1.since).toBe(a.startedAt);
    expect(s2).toMatchObject({ status: "UP", since: a.startedAt, consecutiveFailures: 1 });
    expect(s2.reasons[0]).toContain("unconfirmed");
    expect(s3).toMatchObject({ status: "DOWN", since: c.startedAt, consecutiveFailures: 2 });
  });

  it("degrades on slowness above the threshold", () => {
    expect(statuses([result(), result({ total: 12_000 })], { slowThresholdMs: 10_000 })).toEqual(["UP", "DEGRADED"]);
  });

  it("degrades on a TLS or capability regression and stays degraded until it is fixed", () => {
    expect(statuses([result(), result({ starttls: false }), result({ starttls: false }), result()])).toEqual([
      "UP",
      "DEGRADED",
      "DEGRADED",
      "UP",
    ]);
    expect(statuses([result(), result({ version: "TLSv1.2" }), result()])).toEqual(["UP", "DEGRADED", "UP"]);
    expect(statuses([result(), result({ authorized: false })])).toEqual(["UP", "DEGRADED"]);
  });

  it("does not degrade on neutral changes (cipher, certificate renewal, banner)", () => {
    expect(
      statuses([result(), result({ cipher: "TLS_AES_128_GCM_SHA256", leaf: { fingerprint256: "CC:03" }, banner: "mx9.example.com" })]),
    ).toEqual(["UP", "UP"]);
  });

  it("degrades while the certificate is inside the expiry window", () => {
    const state = nextMonitorState(null, [result({ leaf: { daysLeft: 10 } })]);
    expect(state.status).toBe("DEGRADED");
    expect(state.reasons).toContain("TLS certificate expires in 10 days");
  });

  it("treats AUTH failures and envelope rejections as DEGRADED, not DOWN", () => {
    const authFailed: ProbeOutcome = { kind: "auth_failed", phase: "auth", code: 535, enhancedCode: "5.7.8", message: "bad credentials" };
    const rcptRejected: ProbeOutcome = { kind: "rejected", phase: "envelope", code: 550, enhancedCode: "5.1.1", message: "no such user" };
    expect(statuses([result({ outcome: authFailed }), result({ outcome: authFailed }), result({ outcome: rcptRejected })])).toEqual([
      "DEGRADED",
      "DEGRADED",
      "DEGRADED",
    ]);
  });

  it("state is plain JSON", () => {
    const state = nextMonitorState(null, [result(), result({ outcome: refused })]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe("summariseUptime", () => {
  it("computes uptime and latency percentiles from samples", () => {
    const samples = [result({ total: 100 }), result({ total: 300 }), result({ outcome: refused }), result({ total: 200 })].map(sampleOf);
    expect(summariseUptime(samples)).toEqual({
      samples: 4,
      up: 3,
      down: 1,
      uptimePercent: 75,
      latencyMs: { p50: 200, p95: 300, max: 300 },
    });
    expect(summariseUptime([])).toMatchObject({ uptimePercent: null, latencyMs: null });
  });
});
