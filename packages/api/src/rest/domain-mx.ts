/**
 * REST shape of GET /domains/{id}/mx: the watched MX set of a sending domain (RFC 5321 §5.1 order),
 * each MX host's port-25 monitor (state, latency, TLS) and the set's recent state changes and drift.
 * Dates as ISO 8601. `watch` is null while MX monitoring is off for the domain.
 */
import { z } from "zod";

import type { getDomainMx } from "@inboxwatch/services/probes";

const ZState = z.enum(["UP", "DEGRADED", "DOWN", "UNKNOWN"]);
const iso = () => z.string().describe("ISO 8601");

export const ZDomainMxResponse = z.object({
  domain: z.object({ id: z.string(), domain: z.string() }),
  state: ZState.describe("Rolled up from the enabled hosts: UP when all answer, DOWN when none does, DEGRADED between"),
  watch: z
    .object({
      enabled: z.boolean(),
      intervalSeconds: z.number().int(),
      mxRecords: z.array(z.string()).describe('As last resolved, by preference: "10 mx1.example.com"'),
      nullMx: z.boolean().describe("RFC 7505: the domain accepts no mail"),
      lastSyncAt: iso().nullable(),
      lastError: z.string().nullable(),
    })
    .nullable(),
  hosts: z.array(
    z.object({
      host: z.string(),
      preference: z.number().int().nullable(),
      enabled: z.boolean().describe("False for a host that left the MX set (its history is kept)"),
      state: ZState,
      stateSince: iso().nullable(),
      reasons: z.array(z.string()),
      lastProbeAt: iso().nullable(),
      lastOutcome: z.string().nullable(),
      lastLatencyMs: z.number().int().nullable(),
      lastTlsVersion: z.string().nullable(),
    }),
  ),
  events: z.array(
    z.object({ at: iso(), kind: z.string(), type: z.string(), severity: z.string(), host: z.string().nullable(), message: z.string() }),
  ),
});

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function toDomainMxResponse(data: Awaited<ReturnType<typeof getDomainMx>>): z.infer<typeof ZDomainMxResponse> {
  const { watch } = data;
  return {
    domain: { id: data.domain.id, domain: data.domain.domain },
    state: data.state,
    watch: watch
      ? {
          enabled: watch.enabled,
          intervalSeconds: watch.intervalSeconds,
          mxRecords: watch.mxRecords,
          nullMx: watch.nullMx,
          lastSyncAt: isoOrNull(watch.lastSyncAt),
          lastError: watch.lastError,
        }
      : null,
    hosts: data.hosts.map((h) => ({
      host: h.mxHost ?? "",
      preference: h.mxPreference,
      enabled: h.enabled,
      state: h.state,
      stateSince: isoOrNull(h.stateSince),
      reasons: h.stateReasons,
      lastProbeAt: isoOrNull(h.lastProbeAt),
      lastOutcome: h.lastOutcome,
      lastLatencyMs: h.lastLatencyMs,
      lastTlsVersion: h.lastTlsVersion,
    })),
    events: data.events.map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind,
      type: e.type,
      severity: e.severity,
      host: e.monitor.mxHost,
      message: e.message,
    })),
  };
}
