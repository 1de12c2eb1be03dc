/**
 * One organization's figures as Prometheus gauges, for the customer's own Prometheus (GET /api/v1/metrics,
 * API key with `metrics.read`). A fresh Registry per request, never the process registry: the operator's
 * series must not leak to a customer, nor one organization's to another. Every query filters by the
 * context's orgId. Label values are the organization's own names (server hostnames, provider names,
 * sending domains, IP addresses), capped so one organization cannot blow up its Prometheus: the caps and
 * every metric are documented in docs/metrics.md, and a renamed metric breaks the Grafana dashboard test.
 */
import { emptyKpiInputs } from "@inboxwatch/analytics/kpi";
import { Prisma } from "@inboxwatch/db";
import { ENGAGEMENT_CATEGORIES } from "@inboxwatch/deliverability/logs";
import { Gauge, Registry } from "prom-client";

import { addRollupRows, type KpiRow, ROLLUP_SUMS } from "../analytics/postgres-store.ts";
import { type OrgContext } from "../context.ts";

/** Mailbox providers shown by name, by attempts over the window; the rest add up under "other". */
export const ORG_METRICS_MAX_PROVIDERS = 20;
/** Sending domains, servers and IPs shown by name (by volume, or by name for servers and IPs); beyond, "other" or dropped. */
export const ORG_METRICS_MAX_ENTITIES = 200;
/** The window of delivery, uptime and latency figures: the current hour and the 23 before it (hourly rollups). */
export const ORG_METRICS_WINDOW_HOURS = 24;
/** DMARC aggregate reports cover whole days, often a day late: a week gives a stable aligned rate. */
export const ORG_METRICS_DMARC_DAYS = 7;
/** A queue snapshot older than this is no longer "the queue now": the gauge is left out. */
export const ORG_METRICS_QUEUE_FRESH_MS = 3_600_000;

export const OTHER_LABEL = "other";
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const ENGAGEMENT = Prisma.join(ENGAGEMENT_CATEGORIES.map((c) => Prisma.sql`${c}`));
const SEVERITIES = ["critical", "warning", "info"] as const;

const n = (v: bigint | number | null | undefined): number => Number(v ?? 0);

/** Keeps the `max` keys with the largest weight and folds every other key into "other". */
export function capLabels(weights: ReadonlyMap<string, number>, max: number): (key: string) => string {
  const kept = new Set(
    [...weights.entries()]
      .filter(([k]) => k !== OTHER_LABEL)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, max)
      .map(([k]) => k),
  );
  return (key) => (kept.has(key) ? key : OTHER_LABEL);
}

interface GroupedKpiRow extends KpiRow {
  key: string;
}

/** Delivery rates of one label value, as the KPI catalogue computes them (addRollupRows). */
function setDeliveryGauges(
  gauges: Record<"attempts" | "accepted" | "bounce" | "deferral" | "complaint", Gauge>,
  label: string,
  rows: readonly GroupedKpiRow[],
  cap: (key: string) => string,
) {
  const byLabel = new Map<string, KpiRow[]>();
  for (const r of rows) {
    const k = cap(r.key || "unknown");
    byLabel.set(k, [...(byLabel.get(k) ?? []), r]);
  }
  for (const [value, group] of byLabel) {
    const inputs = emptyKpiInputs();
    addRollupRows(inputs, group);
    const d = inputs.delivery;
    const labels = { [label]: value };
    gauges.attempts.set(labels, d.attempted);
    // A rate without attempts would be 0/0: no series rather than a misleading 0.
    if (d.attempted > 0) {
      gauges.accepted.set(labels, d.accepted / d.attempted);
      gauges.bounce.set(labels, (d.hardBounced + d.softBounced) / d.attempted);
      gauges.deferral.set(labels, d.deferred / d.attempted);
    }
    if (d.accepted > 0) gauges.complaint.set(labels, inputs.complaints.complaints / d.accepted);
  }
}

function deliveryGauges(registers: Registry[], subject: "provider" | "domain", what: string) {
  const labelNames = [subject] as const;
  const g = (suffix: string, help: string) =>
    new Gauge({ name: `inboxwatch_org_${subject}_${suffix}`, help: `${help} ${what}`, labelNames, registers });
  return {
    attempts: g("attempts", "Delivery attempts over the last 24 h (the weight of the rates), by"),
    accepted: g("accepted_ratio", "Attempts answered 2xx ÷ attempts, last 24 h, by"),
    bounce: g("bounce_ratio", "Attempts bounced (hard, soft or expired) ÷ attempts, last 24 h, by"),
    deferral: g("deferral_ratio", "Attempts deferred for a retry ÷ attempts, last 24 h, by"),
    complaint: g("complaint_ratio", "Spam complaints (ESP events) ÷ accepted attempts, last 24 h, by"),
  };
}

/** The organization's metrics in the Prometheus text format 0.0.4. */
export async function renderOrgMetrics(ctx: OrgContext, now = new Date()): Promise<{ body: string; contentType: string }> {
  const registry = new Registry();
  const registers = [registry];
  const from = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - (ORG_METRICS_WINDOW_HOURS - 1) * HOUR_MS);
  const dmarcFrom = new Date(now.getTime() - ORG_METRICS_DMARC_DAYS * DAY_MS);
  const { db, orgId } = ctx;

  const [byProvider, byDomain, servers, ports, p95, dmarc, ips, incidents, queue, latency] = await Promise.all([
    db.$queryRaw<GroupedKpiRow[]>`select "provider" as "key", ${ROLLUP_SUMS} from "DeliveryRollup"
      where "orgId" = ${orgId} and "hour" >= ${from} and "hour" <= ${now} group by 1, 2, 3`,
    db.$queryRaw<GroupedKpiRow[]>`select "senderDomain" as "key", ${ROLLUP_SUMS} from "DeliveryRollup"
      where "orgId" = ${orgId} and "hour" >= ${from} and "hour" <= ${now} group by 1, 2, 3`,
    db.mailServer.findMany({
      where: { orgId },
      select: { id: true, hostname: true },
      orderBy: { hostname: "asc" },
      take: ORG_METRICS_MAX_ENTITIES,
    }),
    db.$queryRaw<{ serverId: string; port: number; probes: bigint; ok: bigint }[]>`
      select m."serverId", m."port", sum(r."probes") as "probes", sum(r."ok") as "ok" from "MonitorRollup" r
      join "Monitor" m on m."id" = r."monitorId" and m."orgId" = r."orgId"
      where r."orgId" = ${orgId} and r."hour" >= ${from} and r."hour" <= ${now} and m."serverId" is not null
      group by 1, 2`,
    // Successful probes only (as the port tiles): a timed-out connect measures the timeout, not the server.
    db.$queryRaw<{ serverId: string; port: number; p95: number | null }[]>`
      select m."serverId", m."port", percentile_cont(0.95) within group (order by p."connectMs") as "p95"
      from "ProbeResult" p join "Monitor" m on m."id" = p."monitorId" and m."orgId" = p."orgId"
      where p."orgId" = ${orgId} and p."time" >= ${from} and p."time" <= ${now} and p."outcome" = 'ok'
        and p."connectMs" is not null and m."serverId" is not null
      group by 1, 2`,
    db.$queryRaw<{ domain: string; messages: bigint; pass: bigint }[]>`
      select "domain", sum("count") as "messages",
        coalesce(sum("count") filter (where "spfAligned" = 'pass' or "dkimAligned" = 'pass'), 0) as "pass"
      from "DmarcRecord" where "orgId" = ${orgId} and "beginAt" >= ${dmarcFrom} and "beginAt" <= ${now}
      group by 1`,
    // The latest check that could read the blocklists: a run whose DNSBL part was unknown (null grade) says nothing.
    db.$queryRaw<{ address: string; listed: number }[]>`
      select i."address", c."listedCount" as "listed" from "SendingIp" i
      join lateral (select "listedCount" from "IpCheck" x where x."orgId" = i."orgId" and x."ipId" = i."id" and x."dnsblGrade" is not null
        order by x."checkedAt" desc limit 1) c on true
      where i."orgId" = ${orgId} order by i."address" limit ${ORG_METRICS_MAX_ENTITIES}`,
    db.incident.groupBy({ by: ["severity"], where: { orgId, status: { in: ["open", "acknowledged"] } }, _count: { _all: true } }),
    db.$queryRaw<{ depth: number | null }[]>`
      select sum(s."depth")::float8 as "depth" from (
        select distinct on ("source") "active" + "deferred" + "hold" + "incoming" as "depth" from "QueueSnapshot"
        where "orgId" = ${orgId} and "time" > ${new Date(now.getTime() - ORG_METRICS_QUEUE_FRESH_MS)} and "time" <= ${now}
        order by "source", "time" desc
      ) s`,
    db.$queryRaw<{ delaySum: number | null; delayCount: bigint | null }[]>`
      select sum("delaySum")::float8 as "delaySum", sum("delayCount") as "delayCount" from "DeliveryRollup"
      where "orgId" = ${orgId} and "hour" >= ${from} and "hour" <= ${now} and "status" = 'sent' and "category" not in (${ENGAGEMENT})`,
  ]);

  const providerWeights = new Map<string, number>();
  const domainWeights = new Map<string, number>();
  const weigh = (m: Map<string, number>, rows: readonly GroupedKpiRow[]) => {
    for (const r of rows)
      if (!(ENGAGEMENT_CATEGORIES as readonly string[]).includes(r.category)) m.set(r.key, (m.get(r.key) ?? 0) + n(r.count));
  };
  weigh(providerWeights, byProvider);
  weigh(domainWeights, byDomain);
  setDeliveryGauges(
    deliveryGauges(registers, "provider", "mailbox provider (top 20, the rest as other)."),
    "provider",
    byProvider,
    capLabels(providerWeights, ORG_METRICS_MAX_PROVIDERS),
  );
  setDeliveryGauges(
    deliveryGauges(registers, "domain", "sending domain (top 200, the rest as other)."),
    "domain",
    byDomain,
    capLabels(domainWeights, ORG_METRICS_MAX_ENTITIES),
  );

  // Servers beyond the cap are left out (their ids match no hostname here).
  const hostname = new Map(servers.map((s) => [s.id, s.hostname]));
  const portLabels = ["server", "port"] as const;
  const uptime = new Gauge({
    name: "inboxwatch_org_port_uptime_ratio",
    help: "Successful SMTP probes ÷ probes over the last 24 h, by server and port (probe rollups).",
    labelNames: portLabels,
    registers,
  });
  const probes = new Gauge({
    name: "inboxwatch_org_port_probes",
    help: "SMTP probes run over the last 24 h, by server and port (the weight of the uptime ratio).",
    labelNames: portLabels,
    registers,
  });
  for (const r of ports) {
    const server = hostname.get(r.serverId);
    if (server === undefined || n(r.probes) === 0) continue;
    const labels = { server, port: String(r.port) };
    probes.set(labels, n(r.probes));
    uptime.set(labels, n(r.ok) / n(r.probes));
  }
  const connect = new Gauge({
    name: "inboxwatch_org_port_connect_p95_seconds",
    help: "95th percentile of the TCP connect time of successful probes over the last 24 h, by server and port.",
    labelNames: portLabels,
    registers,
  });
  for (const r of p95) {
    const server = hostname.get(r.serverId);
    if (server !== undefined && r.p95 !== null) connect.set({ server, port: String(r.port) }, r.p95 / 1000);
  }

  const dmarcWeights = new Map(dmarc.map((r) => [r.domain, n(r.messages)]));
  const dmarcCap = capLabels(dmarcWeights, ORG_METRICS_MAX_ENTITIES);
  const dmarcSums = new Map<string, { messages: number; pass: number }>();
  for (const r of dmarc) {
    const k = dmarcCap(r.domain);
    const s = dmarcSums.get(k) ?? { messages: 0, pass: 0 };
    dmarcSums.set(k, { messages: s.messages + n(r.messages), pass: s.pass + n(r.pass) });
  }
  const dmarcMessages = new Gauge({
    name: "inboxwatch_org_dmarc_messages",
    help: "Messages in DMARC aggregate reports over the last 7 days, by policy domain (top 200, the rest as other).",
    labelNames: ["domain"] as const,
    registers,
  });
  const dmarcPass = new Gauge({
    name: "inboxwatch_org_dmarc_aligned_pass_ratio",
    help: "DMARC pass (aligned SPF or aligned DKIM) ÷ messages over the last 7 days, by policy domain.",
    labelNames: ["domain"] as const,
    registers,
  });
  for (const [domain, s] of dmarcSums) {
    dmarcMessages.set({ domain }, s.messages);
    if (s.messages > 0) dmarcPass.set({ domain }, s.pass / s.messages);
  }

  const listings = new Gauge({
    name: "inboxwatch_org_ip_blocklist_listings",
    help: "Blocklists listing the sending IP at its latest check that could read them (lists that gave no answer not counted).",
    labelNames: ["ip"] as const,
    registers,
  });
  for (const r of ips) listings.set({ ip: r.address }, n(r.listed));

  const open = new Gauge({
    name: "inboxwatch_org_incidents_open",
    help: "Incidents not resolved (open or acknowledged), by severity.",
    labelNames: ["severity"] as const,
    registers,
  });
  // Every severity has a series, 0 when none is open, so "> 0" alerts and sums always see one.
  for (const severity of SEVERITIES) open.set({ severity }, incidents.find((i) => i.severity === severity)?._count._all ?? 0);

  // Registered even without data (no sample then), so the metric names are the same for every organization.
  const queueDepth = new Gauge({
    name: "inboxwatch_org_queue_depth",
    help: "Messages in the MTA queues (latest snapshot of each source in the last hour, added up).",
    registers,
  });
  const depth = queue[0]?.depth;
  if (depth !== null && depth !== undefined) queueDepth.set(depth);
  const sendLatency = new Gauge({
    name: "inboxwatch_org_send_latency_mean_seconds",
    help: "Mean time from queueing to acceptance of accepted messages over the last 24 h.",
    registers,
  });
  const delayCount = n(latency[0]?.delayCount);
  if (delayCount > 0) sendLatency.set((latency[0]?.delaySum ?? 0) / delayCount);

  return { body: await registry.metrics(), contentType: registry.contentType };
}
