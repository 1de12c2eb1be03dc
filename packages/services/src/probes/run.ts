/**
 * Running a monitor's probe: load the monitor and its server, decrypt AUTH only in memory, probe through
 * the egress guard, record. Used by the `probes.run` job and by "Probe now" (inline, bounded by the
 * engine's 90 s hard limit).
 */
import { type DnsResolver } from "@inboxwatch/deliverability/dns";
import { policyFromEnv, type EgressPolicy } from "@inboxwatch/deliverability/net";
import {
  probeResolverVia,
  probeSmtp,
  type ProbeDeps,
  type ProbeOptions,
  type ProbeResult,
  type SmtpLimits,
  type ProbeTarget,
} from "@inboxwatch/deliverability/smtp";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext } from "../context.ts";
import { decryptSecret } from "../crypto/secret-box.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { metrics } from "../metrics/registry.ts";
import { platformDns } from "../net/platform-dns.ts";
import { recordProbe, type RecordedProbe } from "./record.ts";
import { type ProbeRecorder } from "./recorder.ts";

/**
 * Ports that speak submission (RFC 6409 / 8314) and so may be asked for AUTH; 25 is server-to-server relay.
 * Custom ports are probed without AUTH: their number does not say relay or submission, and AUTH on a
 * port that offers none would read as a failure.
 */
const AUTH_PORTS: ReadonlySet<number> = new Set([587, 465]);

export interface ProbeRunDeps {
  /** Default: `policyFromEnv()` (EGRESS_ALLOW). */
  egressPolicy?: EgressPolicy;
  limits?: Partial<SmtpLimits>;
  helo?: string;
  probe?: ProbeDeps;
  now?: () => Date;
  /** Group commit shared by a worker's concurrent jobs; without it each result is its own transaction. */
  recorder?: ProbeRecorder;
  /**
   * DNS for probe targets (MX, A/AAAA) unless `probe.resolver` is given. Default: the platform resolver
   * (DNS_SERVERS), the same one the DNS checks and the egress guard use.
   */
  dnsResolver?: DnsResolver;
  /**
   * Port dialled for MX host monitors instead of 25. Tests only: a loopback smtp-server listens on a
   * random port, while MX (RFC 5321 §5.1) is always port 25 and a DNS answer cannot carry a port.
   */
  mxPort?: number;
}

/** MX delivery is port 25 (RFC 5321 §5.1); only tests move it (ProbeRunDeps.mxPort). */
const MX_PORT = 25;

const SERVER_FOR_PROBE = { hostname: true, authUsername: true, authPasswordEnc: true, isLab: true, ehloName: true } as const;

async function loadMonitor(ctx: OrgContext, monitorId: string) {
  const monitor = await ctx.db.monitor.findFirst({
    where: { id: monitorId, orgId: ctx.orgId },
    include: { server: { select: SERVER_FOR_PROBE } },
  });
  if (!monitor) throw new NotFoundError("Monitor");
  return monitor;
}

export type LoadedMonitor = Awaited<ReturnType<typeof loadMonitor>>;

/** The engine's I/O: its resolver is the caller's, else the platform's (never the engine's own default). */
function engineDeps(deps: ProbeRunDeps): ProbeDeps {
  const resolver = deps.probe?.resolver ?? (deps.dnsResolver ? probeResolverVia(deps.dnsResolver) : platformDns().probeResolver);
  return { ...deps.probe, resolver };
}

/** The probe of one monitor: a server's port, or (no server) an MX host of a watched domain. */
export async function probeMonitor(ctx: OrgContext, monitor: LoadedMonitor, deps: ProbeRunDeps): Promise<ProbeResult> {
  const { server } = monitor;
  if (!server) {
    if (!monitor.mxHost) throw new NotFoundError("Mail server");
    const target: ProbeTarget = { host: monitor.mxHost, port: deps.mxPort ?? MX_PORT, mode: monitor.mode, kind: "host" };
    // Port 25 is relay, not submission: never AUTH (issue 3 §1: AUTH only with a server's stored credentials).
    return probeSmtp(
      target,
      {
        egressPolicy: deps.egressPolicy ?? policyFromEnv(),
        ...(deps.helo ? { helo: deps.helo } : {}),
        ...(deps.limits ? { limits: deps.limits } : {}),
      },
      engineDeps(deps),
    );
  }
  // The server's own EHLO name wins over the platform's (some servers only accept a name they know).
  const helo = server.ehloName ?? deps.helo;
  const options: ProbeOptions = {
    // Every port, standard or custom, goes through the same egress guard: the port never widens it.
    egressPolicy: deps.egressPolicy ?? policyFromEnv(),
    ...(helo ? { helo } : {}),
    ...(deps.limits ? { limits: deps.limits } : {}),
    // Credentials stay in this object for the probe's lifetime; the engine redacts them from the transcript.
    ...(AUTH_PORTS.has(monitor.port) && server.authUsername && server.authPasswordEnc
      ? {
          auth: { username: server.authUsername, password: decryptSecret(server.authPasswordEnc, ctx.orgId) },
          allowInsecureAuth: server.isLab,
        }
      : {}),
  };
  return probeSmtp(
    { host: server.hostname, port: monitor.dialPort ?? monitor.port, mode: monitor.mode, kind: "host" },
    options,
    engineDeps(deps),
  );
}

/** The `probes.run` job: one scheduled (or retry) probe of one monitor. Skips a disabled monitor. */
export async function runMonitorProbe(
  ctx: OrgContext,
  input: { monitorId: string; slot: Date },
  deps: ProbeRunDeps = {},
): Promise<RecordedProbe | { skipped: "disabled" }> {
  const monitor = await loadMonitor(ctx, input.monitorId);
  if (!monitor.enabled) return { skipped: "disabled" };
  const result = await probeMonitor(ctx, monitor, deps);
  metrics().probeResults.inc({ outcome: result.outcome.kind });
  const now = deps.now?.() ?? new Date();
  const { server: _server, ...row } = monitor;
  if (deps.recorder) return deps.recorder.record({ monitor: row, slot: input.slot, result, now });
  return ctx.db.$transaction((tx) => recordProbe(inTx(ctx, tx), { monitor: row, slot: input.slot, result, now }));
}

/** "Probe now": runs inline and records like a scheduled probe; returns the full result for the UI. */
export async function probeMonitorNow(ctx: OrgContext, input: { id: string }, deps: ProbeRunDeps = {}) {
  const monitor = await loadMonitor(ctx, input.id);
  if (!monitor.enabled) throw new ValidationError("This port is not monitored; enable it on the server first");
  const result = await probeMonitor(ctx, monitor, deps);
  const now = deps.now?.() ?? new Date();
  const { server, ...row } = monitor;
  const recorded = await ctx.db.$transaction(async (tx) => {
    const r = await recordProbe(inTx(ctx, tx), { monitor: row, slot: now, result, now });
    await recordAudit(inTx(ctx, tx), {
      action: "monitor.probe",
      targetType: "Monitor",
      targetId: monitor.id,
      metadata: { server: server?.hostname ?? monitor.mxHost, port: monitor.port, outcome: result.outcome.kind },
    });
    return r;
  });
  return { state: recorded.state, resultId: recorded.resultId, result };
}
