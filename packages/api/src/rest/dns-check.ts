/**
 * REST shapes of the DNS checks (GET /domains/{id}/checks, GET /ips/{id}/blocklists) and the mapping
 * from the stored rows to them: dates as ISO 8601, the engine's result passed through as JSON.
 */
import { z } from "zod";

import type { getDomainHealth, getIpHealth } from "@inboxwatch/services/dns-check";

const ZGrade = z.enum(["A", "B", "C", "D", "F"]);
const ZSeverity = z.enum(["critical", "warning", "info"]);

const ZCheckSummary = z.object({
  id: z.string(),
  checkedAt: z.string().describe("ISO 8601"),
  grade: ZGrade.nullable().describe("Worst grade of the checks that ran; null when none could run"),
  grades: z
    .record(z.string(), ZGrade.nullable())
    .describe("Grade per check: mx, spf, dkim, dmarc, bimi, mtaSts, tlsRpt, dnsbl; null when the check could not run (or was skipped)"),
  worst: z.object({ severity: ZSeverity, code: z.string().nullable(), message: z.string().nullable() }).nullable(),
  spfLookups: z.number().int(),
  queryCount: z.number().int(),
  durationMs: z.number().int(),
});

export const ZDomainChecksResponse = z.object({
  domain: z.object({ id: z.string(), domain: z.string(), lastCheckedAt: z.string().nullable(), nextCheckAt: z.string().nullable() }),
  latest: ZCheckSummary.extend({
    result: z
      .record(z.string(), z.unknown())
      .describe("The full check result: every check with its status, findings (severity, code, message, fix) and records"),
  }).nullable(),
  history: z.array(ZCheckSummary),
});

const ZListResult = z.object({
  zone: z.string(),
  name: z.string(),
  weight: z.number().int(),
  status: z.enum(["listed", "clear", "error"]),
  codes: z.array(z.string()),
  meanings: z.array(z.string()),
  reason: z.string().optional(),
  delistUrl: z.string(),
  error: z.string().optional(),
});

export const ZIpBlocklistsResponse = z.object({
  ip: z.object({ id: z.string(), address: z.string(), lastCheckedAt: z.string().nullable(), nextCheckAt: z.string().nullable() }),
  checkedAt: z.string().nullable().describe("ISO 8601; null until the first check ran"),
  listedCount: z.number().int(),
  grade: ZGrade.nullable().describe("The blocklist grade; null when no list gave a usable answer (could not check)"),
  summary: z
    .string()
    .nullable()
    .describe('e.g. "clear on 25 of 55 lists; 30 gave no answer", "could not check: all 55 lists refused or timed out: …"'),
  score: z.number().int().describe("Sum of the weights (1–10) of the lists that list the IP"),
  ptr: z.string().nullable(),
  fcrdns: z.boolean().nullable(),
  lists: z.array(ZListResult),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type DomainHealth = Awaited<ReturnType<typeof getDomainHealth>>;
type Summary = DomainHealth["history"][number];

function summary(c: Summary): z.infer<typeof ZCheckSummary> {
  return {
    id: c.id,
    checkedAt: c.checkedAt.toISOString(),
    grade: c.grade,
    grades: {
      mx: c.mxGrade,
      spf: c.spfGrade,
      dkim: c.dkimGrade,
      dmarc: c.dmarcGrade,
      bimi: c.bimiGrade,
      mtaSts: c.mtaStsGrade,
      tlsRpt: c.tlsRptGrade,
      dnsbl: c.dnsblGrade,
    },
    worst: c.worstSeverity ? { severity: c.worstSeverity, code: c.worstCode, message: c.worstMessage } : null,
    spfLookups: c.spfLookups,
    queryCount: c.queryCount,
    durationMs: c.durationMs,
  };
}

export function toDomainChecksResponse(h: DomainHealth): z.infer<typeof ZDomainChecksResponse> {
  return {
    domain: {
      id: h.domain.id,
      domain: h.domain.domain,
      lastCheckedAt: iso(h.domain.lastCheckedAt),
      nextCheckAt: iso(h.domain.nextCheckAt),
    },
    latest: h.latest ? { ...summary(h.latest), result: { ...h.latest.result } } : null,
    history: h.history.map(summary),
  };
}

export function toIpBlocklistsResponse(h: Awaited<ReturnType<typeof getIpHealth>>): z.infer<typeof ZIpBlocklistsResponse> {
  const latest = h.latest;
  return {
    ip: { id: h.ip.id, address: h.ip.address, lastCheckedAt: iso(h.ip.lastCheckedAt), nextCheckAt: iso(h.ip.nextCheckAt) },
    checkedAt: latest ? latest.checkedAt.toISOString() : null,
    listedCount: latest?.listedCount ?? 0,
    grade: latest?.dnsblGrade ?? null,
    summary: latest ? (latest.result.checks.dnsbl.summary ?? null) : null,
    score: latest?.listedScore ?? 0,
    ptr: latest?.ptr ?? null,
    fcrdns: latest ? latest.fcrdns : null,
    lists: latest ? latest.result.checks.dnsbl.lists : [],
  };
}
