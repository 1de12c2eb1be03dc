/**
 * SMTP TLS reporting (RFC 8460): per policy type (sts, tlsa, no-policy-found) the successful and
 * failed session counts over time, and the failures by result type and receiving MX.
 */
import { z } from "zod";

import { type OrgContext } from "../context.ts";

export const ZTlsWindow = z.object({ days: z.number().int().min(1).max(10_000).default(30) });

const n = (v: bigint | number | null | undefined): number => Number(v ?? 0);

export async function tlsSummary(ctx: OrgContext, input: z.input<typeof ZTlsWindow>) {
  const { days } = ZTlsWindow.parse(input);
  const from = new Date(Date.now() - days * 86_400_000);
  const [series, byPolicy, failures, reports] = await Promise.all([
    ctx.db.$queryRawUnsafe<{ day: Date; policyType: string; success: bigint; failure: bigint }[]>(
      `select date_trunc('day', "beginAt") as day, "policyType", sum("successfulSessions") as success, sum("failedSessions") as failure
         from "TlsReportPolicy" where "orgId" = $1 and "beginAt" >= $2 group by 1, 2 order by 1`,
      ctx.orgId,
      from,
    ),
    ctx.db.$queryRawUnsafe<{ policyType: string; policyDomain: string | null; success: bigint; failure: bigint }[]>(
      `select "policyType", "policyDomain", sum("successfulSessions") as success, sum("failedSessions") as failure
         from "TlsReportPolicy" where "orgId" = $1 and "beginAt" >= $2 group by 1, 2 order by failure desc, success desc limit 200`,
      ctx.orgId,
      from,
    ),
    ctx.db.$queryRawUnsafe<{ resultType: string; mx: string | null; sessions: bigint; sendingIps: string[] }[]>(
      `select "resultType", "receivingMxHostname" as mx, sum("failedSessionCount") as sessions, (array_agg(distinct "sendingMtaIp"))[1:5] as "sendingIps"
         from "TlsFailureDetail" where "orgId" = $1 and "beginAt" >= $2 group by 1, 2 order by sessions desc limit 200`,
      ctx.orgId,
      from,
    ),
    ctx.db.tlsReport.count({ where: { orgId: ctx.orgId, beginAt: { gte: from } } }),
  ]);
  return {
    reports,
    series: series.map((s) => ({
      day: s.day.toISOString().slice(0, 10),
      policyType: s.policyType,
      success: n(s.success),
      failure: n(s.failure),
    })),
    byPolicy: byPolicy.map((p) => ({
      policyType: p.policyType,
      policyDomain: p.policyDomain,
      success: n(p.success),
      failure: n(p.failure),
    })),
    failures: failures.map((f) => ({
      resultType: f.resultType,
      mx: f.mx,
      sessions: n(f.sessions),
      sendingIps: f.sendingIps.filter((x): x is string => typeof x === "string"),
    })),
  };
}
