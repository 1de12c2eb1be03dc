/**
 * REST shape of GET /servers/{id}/probes: the server's monitors (state, TLS, latency, uptime 24 h / 7 d
 * / 30 d) each with its most recent probes. Dates as ISO 8601; per-phase timings in milliseconds.
 */
import { z } from "zod";

import type { listProbeResults, listServerMonitors } from "@inboxwatch/services/probes";

/** Probes per monitor in the REST answer; older ones are in the app (paged). */
export const REST_PROBES_PER_MONITOR = 20;

const ZState = z.enum(["UP", "DEGRADED", "DOWN", "UNKNOWN"]);
const iso = () => z.string().describe("ISO 8601");
const msOrNull = () => z.number().int().nullable();

const ZProbeSummary = z.object({
  id: z.string(),
  time: iso(),
  outcome: z.string().describe("ok | refused | timeout | tls_failed | auth_failed | protocol_error | rejected | blocked_by_policy"),
  failedPhase: z.string().nullable(),
  replyCode: z.number().int().nullable(),
  enhancedCode: z.string().nullable(),
  message: z.string().nullable(),
  address: z.string().nullable(),
  tlsVersion: z.string().nullable(),
  tlsCipher: z.string().nullable(),
  certNotAfter: iso().nullable(),
  timingsMs: z.object({
    total: z.number().int(),
    dns: msOrNull(),
    connect: msOrNull(),
    banner: msOrNull(),
    ehlo: msOrNull(),
    tls: msOrNull(),
    ehloAfterTls: msOrNull(),
    auth: msOrNull(),
    envelope: msOrNull(),
  }),
});

export const ZServerProbesResponse = z.object({
  server: z.object({ id: z.string(), hostname: z.string() }),
  monitors: z.array(
    z.object({
      id: z.string(),
      port: z.number().int(),
      mode: z.enum(["starttls", "tls"]),
      enabled: z.boolean(),
      intervalSeconds: z.number().int(),
      state: ZState,
      stateSince: iso().nullable(),
      reasons: z.array(z.string()),
      lastProbeAt: iso().nullable(),
      lastOutcome: z.string().nullable(),
      lastLatencyMs: z.number().int().nullable(),
      lastTlsVersion: z.string().nullable(),
      uptimePercent: z.object({ "24h": z.number().nullable(), "7d": z.number().nullable(), "30d": z.number().nullable() }),
      recent: z.array(ZProbeSummary),
    }),
  ),
});

type Monitors = Awaited<ReturnType<typeof listServerMonitors>>;
type Results = Awaited<ReturnType<typeof listProbeResults>>["items"];
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function toServerProbesResponse(data: Monitors, recent: Map<string, Results>): z.infer<typeof ZServerProbesResponse> {
  return {
    server: data.server,
    monitors: data.monitors.map((m) => ({
      id: m.id,
      port: m.port,
      mode: m.mode,
      enabled: m.enabled,
      intervalSeconds: m.intervalSeconds,
      state: m.state,
      stateSince: isoOrNull(m.stateSince),
      reasons: m.stateReasons,
      lastProbeAt: isoOrNull(m.lastProbeAt),
      lastOutcome: m.lastOutcome,
      lastLatencyMs: m.lastLatencyMs,
      lastTlsVersion: m.lastTlsVersion,
      uptimePercent: m.uptime,
      recent: (recent.get(m.id) ?? []).map((r) => ({
        id: r.id,
        time: r.time.toISOString(),
        outcome: r.outcome,
        failedPhase: r.failedPhase,
        replyCode: r.replyCode,
        enhancedCode: r.enhancedCode,
        message: r.message,
        address: r.address,
        tlsVersion: r.tlsVersion,
        tlsCipher: r.tlsCipher,
        certNotAfter: isoOrNull(r.certNotAfter),
        timingsMs: {
          total: r.totalMs,
          dns: r.dnsMs,
          connect: r.connectMs,
          banner: r.bannerMs,
          ehlo: r.ehloMs,
          tls: r.tlsMs,
          ehloAfterTls: r.ehloAfterTlsMs,
          auth: r.authMs,
          envelope: r.envelopeMs,
        },
      })),
    })),
  };
}
