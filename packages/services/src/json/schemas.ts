/**
 * The schema of each Json column that code reads back as a typed document. Engine documents (DNS check and
 * probe results) are checked on their envelope — kind, version, the fields the app reads — and typed as the
 * engine's own interface. Incident.evidence has its full schema beside its type in the alerting engine
 * (`ZEvidence`, packages/alerting/src/engine/rules/evidence-schema.ts).
 */
import { type DomainCheckResult, type IpCheckResult } from "@inboxwatch/deliverability/dns";
import { type ProbeResult } from "@inboxwatch/deliverability/smtp";
import { z } from "zod";

const ZGrade = z.enum(["A", "B", "C", "D", "F"]).nullable();
const ZCheck = z.looseObject({ findings: z.array(z.looseObject({ severity: z.string(), code: z.string(), message: z.string() })) });

const ZDomainCheckEnvelope = z.looseObject({
  kind: z.literal("domain"),
  domain: z.string(),
  checkedAt: z.string(),
  grade: ZGrade,
  grades: z.record(z.string(), ZGrade),
  checks: z.record(z.string(), ZCheck),
});
const ZIpCheckEnvelope = z.looseObject({
  kind: z.literal("ip"),
  ip: z.string(),
  checkedAt: z.string(),
  grade: ZGrade,
  grades: z.record(z.string(), ZGrade),
  checks: z.looseObject({ rdns: ZCheck, dnsbl: ZCheck }),
});
const ZProbeEnvelope = z.looseObject({
  schemaVersion: z.literal(1),
  target: z.looseObject({ host: z.string(), port: z.number() }),
  startedAt: z.string(),
  outcome: z.looseObject({ kind: z.string() }),
});

/** DomainCheck.result */
export const ZStoredDomainCheck = z.custom<DomainCheckResult>(
  (v) => ZDomainCheckEnvelope.safeParse(v).success,
  "not a domain check result",
);
/** IpCheck.result */
export const ZStoredIpCheck = z.custom<IpCheckResult>((v) => ZIpCheckEnvelope.safeParse(v).success, "not an IP check result");
/** ProbeResult.result */
export const ZStoredProbeResult = z.custom<ProbeResult>((v) => ZProbeEnvelope.safeParse(v).success, "not a probe result (schemaVersion 1)");
