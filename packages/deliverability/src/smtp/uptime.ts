/** Uptime and latency over a set of probe samples (the worker rolls them up hourly; the UI sums rollups). */
import { isProbeFailure } from "./monitor-state.ts";
import { type ProbeResult } from "./types.ts";

export interface UptimeSample {
  up: boolean;
  /** End-to-end probe time in ms; null for failed probes. */
  latencyMs: number | null;
}

export interface UptimeSummary {
  samples: number;
  up: number;
  down: number;
  /** 0–100 with two decimals; null without samples. */
  uptimePercent: number | null;
  latencyMs: { p50: number; p95: number; max: number } | null;
}

export function sampleOf(result: ProbeResult): UptimeSample {
  const up = !isProbeFailure(result);
  return { up, latencyMs: up ? result.timings.total : null };
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

export function summariseUptime(samples: readonly UptimeSample[]): UptimeSummary {
  const up = samples.filter((s) => s.up).length;
  const latencies = samples
    .map((s) => s.latencyMs)
    .filter((n): n is number => n !== null)
    .sort((a, b) => a - b);
  return {
    samples: samples.length,
    up,
    down: samples.length - up,
    uptimePercent: samples.length === 0 ? null : Math.round((up / samples.length) * 10_000) / 100,
    latencyMs:
      latencies.length === 0 ? null : { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1) ?? 0 },
  };
}
