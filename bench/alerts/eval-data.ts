/**
 * The organizations of the "evaluation with the database" figure: the built-in presets and a little of
 * everything they read, so every input query returns rows — a mail server with its three ports (one DOWN
 * after 3 failed probes), a sending domain and IP (listed on one blocklist), a day of hourly delivery
 * rollups (bounces and deferrals at two providers) and a few 5xx-rate signals.
 */
import { type Db } from "../../packages/db/src/index.ts";
import { seedPresetRules } from "../../packages/alerting/src/index.ts";

const HOUR_MS = 3_600_000;
/** Hours of delivery rollups per organization: the bounce and deferral presets look back 1 h + 7 days. */
const ROLLUP_HOURS = 24;

/** `data: false`: the presets alone, as a new organization starts (nothing to read, nothing fires). */
export async function seedEvaluationOrgs(
  db: Db,
  count: number,
  options: { data: boolean; prefix: string },
  now = Date.now(),
): Promise<string[]> {
  const orgIds: string[] = [];
  for (let j = 0; j < count; j++) {
    const i = `${options.prefix}-${j}`;
    const org = await db.organization.create({ data: { name: `Eval ${i}`, slug: `eval-${i}` } });
    orgIds.push(org.id);
    const orgId = org.id;
    await db.$transaction(async (tx) => {
      await seedPresetRules({ db: tx, orgId, actor: { type: "SYSTEM", label: "bench" } });
      if (!options.data) return;
      const server = await tx.mailServer.create({ data: { orgId, hostname: `mx.eval-${i}.example` } });
      await tx.monitor.createMany({
        data: [25, 587, 465].map((port, p) => ({
          orgId,
          serverId: server.id,
          port,
          mode: port === 465 ? ("tls" as const) : ("starttls" as const),
          state: p === 0 ? ("DOWN" as const) : ("UP" as const),
          stateSince: new Date(now - 30 * 60_000),
          lastProbeAt: new Date(now - 60_000),
          consecutiveFailures: p === 0 ? 3 : 0,
          stateReasons: [],
        })),
      });
      const domain = await tx.sendingDomain.create({ data: { orgId, domain: `eval-${i}.example`, dkimSelectors: ["s1"] } });
      const ip = await tx.sendingIp.create({ data: { orgId, address: `198.51.100.${(j % 250) + 1}` } });
      await tx.dnsDriftEvent.create({
        data: {
          orgId,
          subjectType: "IP",
          ipId: ip.id,
          at: new Date(now - 2 * HOUR_MS),
          type: "dnsbl.listed",
          check: "dnsbl",
          severity: "critical",
          message: "Newly listed on Spamhaus ZEN (zen.spamhaus.org).",
          after: { zone: "zen.spamhaus.org", name: "Spamhaus ZEN", status: "listed" },
        },
      });
      const rollups = [];
      for (let h = 0; h < ROLLUP_HOURS; h++) {
        const hour = new Date(Math.floor(now / HOUR_MS) * HOUR_MS - h * HOUR_MS);
        for (const provider of ["gmail", "yahoo"]) {
          rollups.push({ orgId, hour, senderDomain: domain.domain, provider, status: "sent", category: "", count: 400 });
          rollups.push({ orgId, hour, senderDomain: domain.domain, provider, status: "bounced", category: "reputation", count: 8 });
          rollups.push({ orgId, hour, senderDomain: domain.domain, provider, status: "deferred", category: "", count: 12 });
        }
      }
      await tx.deliveryRollup.createMany({ data: rollups });
      await tx.alertSignal.createMany({
        data: [0, 10, 20].map((m) => ({
          orgId,
          at: new Date(now - m * 60_000),
          scopeType: "organization",
          metric: "rate_5xx",
          value: 1.5,
          volume: 300,
        })),
      });
    });
  }
  return orgIds;
}
