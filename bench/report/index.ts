/**
 * Report build benchmark (issue 14): one monthly report of an organization with N delivery events (default
 * 10,000,000 over the last 365 days, the same mail as bench/analytics, loaded through ingestion's own
 * insertEventRows so the rollups are those ingestion maintains), plus the month's other signals — a
 * blocklisting, incidents with comments, DMARC records, feedback-loop complaints, probe rollups and results
 * of three ports, DNS drift. Then, for the last whole calendar month in the organization's time zone:
 *   figures  buildReportFigures (every read, the rules, the narrative), p50 / max of R runs after a warm-up;
 *   HTML     renderReportHtml(figures) (@inboxwatch/reporting/render);
 *   PDF      createPdfRenderer().render(html) (@inboxwatch/reporting/pdf, Debian's Chromium): the first
 *            render (browser launch included) and warm ones.
 * Anchor (issue 14): ≤ 5 s for one monthly report including the PDF.
 *
 * Embedded PostgreSQL in a temp directory, loopback only; removed at the end.
 *
 *   npx tsx bench/report/index.ts [--events N] [--runs R] [--time-zone Europe/Paris]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { createDb } from "../../packages/db/src/client.ts";
import { startEmbeddedPostgres } from "../../packages/db/src/embedded-postgres.ts";
import { migrate } from "../../packages/db/src/migrate.ts";
import { createPdfRenderer } from "../../packages/reporting/src/pdf/index.ts";
import { renderReportHtml } from "../../packages/reporting/src/render/index.ts";
import { daysOf, type LocalPeriod, parsePeriodKey, previousPeriodOf } from "../../packages/reporting/src/schedule.ts";
import { type OrgContext, systemContext } from "../../packages/services/src/index.ts";
import { type EventRow, insertEventRows } from "../../packages/services/src/ingest/event-rows.ts";
import { ensureMonthlyPartitions } from "../../packages/services/src/partitions.ts";
import { buildReportFigures } from "../../packages/services/src/scheduled-reports/figures/index.ts";
import { eventSlices } from "../analytics/events.ts";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const { values } = parseArgs({
  options: {
    events: { type: "string", default: "10000000" },
    runs: { type: "string", default: "10" },
    "time-zone": { type: "string", default: "Europe/Paris" },
  },
});
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);
const TIME_ZONE = values["time-zone"];
/** Rows per transaction while loading: about one large ingest batch (as bench/analytics). */
const LOAD_TX_ROWS = 50_000;
/** Issue 14: one monthly report, PDF included. */
const ANCHOR_MS = 5000;

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

function stats(ms: number[]): { p50: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length / 2)] ?? NaN, max: sorted[sorted.length - 1] ?? NaN };
}

/** The last whole calendar month before `now` in `timeZone` (what a report sent on the 1st covers). */
function lastMonth(now: Date, timeZone: string): LocalPeriod {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit" }).formatToParts(now);
  const year = Number(parts.find((p) => p.type === "year")?.value);
  const month = Number(parts.find((p) => p.type === "month")?.value);
  const key = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
  const parsed = parsePeriodKey(key, timeZone);
  if (!parsed) throw new Error(`no period for ${key}`);
  return parsed.period;
}

async function ingest(db: ReturnType<typeof createDb>, slices: Iterable<EventRow[]>): Promise<number> {
  const t0 = performance.now();
  for (const rows of slices) {
    const r = await db.$transaction((tx) => insertEventRows({ db: tx }, { rows }), { timeout: 600_000 });
    if (r.inserted !== rows.length) throw new Error(`inserted ${r.inserted} of ${rows.length}`);
  }
  return (performance.now() - t0) / 1000;
}

/** The month's non-mail signals, at a large organization's scale. */
async function seedSignals(ctx: OrgContext, from: Date, to: Date): Promise<void> {
  const { db, orgId } = ctx;
  const mid = new Date(from.getTime() + 12 * DAY + 9 * HOUR);
  const ip = await db.sendingIp.create({ data: { orgId, address: "203.0.113.7" } });
  const domain = await db.sendingDomain.create({ data: { orgId, domain: "acme.example", dkimSelectors: ["s1"] } });
  await db.dnsDriftEvent.createMany({
    data: [
      {
        orgId,
        subjectType: "IP",
        ipId: ip.id,
        at: mid,
        type: "dnsbl.listed",
        check: "dnsbl",
        severity: "critical",
        message: "Newly listed on Spamhaus ZEN (zen.spamhaus.org).",
        after: { zone: "zen.spamhaus.org", name: "Spamhaus ZEN", status: "listed" },
      },
      {
        orgId,
        subjectType: "DOMAIN",
        domainId: domain.id,
        at: new Date(mid.getTime() + 3 * DAY),
        type: "dmarc.policy-weakened",
        check: "dmarc",
        severity: "critical",
        message: "DMARC policy weakened from reject to none.",
      },
    ],
  });
  for (let i = 0; i < 5; i++) {
    const openedAt = new Date(from.getTime() + (3 + i * 5) * DAY);
    const incident = await db.incident.create({
      data: {
        orgId,
        scopeKey: `provider:p${i}`,
        scopeType: "provider",
        severity: i === 0 ? "critical" : "warning",
        status: i === 4 ? "open" : "resolved",
        title: `Deferrals above threshold (${i + 1})`,
        openedAt,
        resolvedAt: i === 4 ? null : new Date(openedAt.getTime() + 6 * HOUR),
        evidence: {},
      },
    });
    await db.incidentEvent.createMany({
      data: Array.from({ length: 10 }, (_, j) => ({
        orgId,
        incidentId: incident.id,
        type: j === 0 ? ("fired" as const) : j % 3 === 0 ? ("commented" as const) : ("notified" as const),
        at: new Date(openedAt.getTime() + j * 10 * 60_000),
        actorLabel: j % 3 === 0 ? "ops@acme.example" : "system",
        body: `Step ${j}`,
      })),
    });
  }
  // One DMARC aggregate report a day from each of three reporters, 20 sources each.
  for (let d = 0; d * DAY < to.getTime() - from.getTime(); d++) {
    for (const reporter of ["google.com", "Yahoo", "Microsoft"]) {
      const beginAt = new Date(from.getTime() + d * DAY);
      const report = await db.dmarcReport.create({
        data: {
          orgId,
          reporterOrg: reporter,
          reportId: `${reporter}-${d}`,
          beginAt,
          endAt: new Date(beginAt.getTime() + DAY),
          domain: "acme.example",
          recordCount: 20,
          messageCount: 20_000,
          dedupKey: `${reporter}-${d}`,
        },
      });
      await db.dmarcRecord.createMany({
        data: Array.from({ length: 20 }, (_, s) => ({
          orgId,
          reportId: report.id,
          beginAt,
          endAt: report.endAt,
          domain: "acme.example",
          headerFrom: "acme.example",
          sourceIp: `198.51.100.${s + 1}`,
          count: 1000,
          disposition: "none",
          dkimAligned: s < 17 ? "pass" : "fail",
          spfAligned: s < 17 ? "pass" : "fail",
          reasons: [],
        })),
      });
    }
  }
  await db.complaint.createMany({
    data: Array.from({ length: 500 }, (_, i) => ({
      orgId,
      kind: "ARF" as const,
      feedbackType: "abuse",
      reporter: i % 2 ? "feedback.hotmail.com" : "Yahoo! Mail AntiSpam Feedback",
      arrivalAt: new Date(from.getTime() + ((i * 7919) % 720) * HOUR),
      dedupKey: `c${i}`,
    })),
  });
  // Three ports probed every 5 minutes for the month and the one before it.
  const server = await db.mailServer.create({ data: { orgId, hostname: "mx1.acme.example" } });
  const start = from.getTime() - 31 * DAY;
  for (const port of [25, 587, 465]) {
    const monitor = await db.monitor.create({ data: { orgId, serverId: server.id, port, mode: port === 465 ? "tls" : "starttls" } });
    const hours = Math.floor((to.getTime() - start) / HOUR);
    await db.monitorRollup.createMany({
      data: Array.from({ length: hours }, (_, h) => ({
        orgId,
        monitorId: monitor.id,
        hour: new Date(start + h * HOUR),
        probes: 12,
        ok: port === 25 && h % 500 === 0 ? 6 : 12,
        latencySumMs: 12 * 250,
      })),
    });
    const probes = Math.floor((to.getTime() - from.getTime()) / (5 * 60_000));
    for (let i = 0; i < probes; i += 5000) {
      await db.probeResult.createMany({
        data: Array.from({ length: Math.min(5000, probes - i) }, (_, k) => ({
          orgId,
          monitorId: monitor.id,
          time: new Date(from.getTime() + (i + k) * 5 * 60_000),
          outcome: (i + k) % 997 === 0 ? "timeout" : "ok",
          totalMs: 150 + ((i + k) % 400),
          tlsVersion: "TLSv1.3",
          result: {},
        })),
      });
    }
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-bench-report-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: 0, ephemeral: true });
  const renderer = createPdfRenderer();
  try {
    await server.createDatabase("bench_report");
    const url = server.url("bench_report");
    await migrate(url);
    process.env.DATABASE_URL = url;
    const db = createDb(url, { max: 8 });
    const now = new Date();
    const sys = systemContext(db, "bench");
    await ensureMonthlyPartitions(sys, { table: "DeliveryEvent", now: new Date(now.getTime() - 366 * DAY), aheadMonths: 13 });
    await ensureMonthlyPartitions(sys, { table: "ProbeResult", now: new Date(now.getTime() - 70 * DAY), aheadMonths: 4 });
    const org = await db.organization.create({ data: { name: "Big", slug: "big", timeZone: TIME_ZONE } });
    const ctx: OrgContext = { db, orgId: org.id, actor: { type: "SYSTEM", label: "bench" } };

    console.log(`loading ${EVENTS.toLocaleString("en")} events over 365 days through insertEventRows; load ${load()}`);
    const loadS = await ingest(db, eventSlices(org.id, EVENTS, now.getTime() - 365 * DAY, now.getTime() - HOUR, 1, LOAD_TX_ROWS));
    const period = lastMonth(now, TIME_ZONE);
    const previous = previousPeriodOf(period, "monthly", TIME_ZONE);
    await seedSignals(ctx, period.from, period.to);
    await db.$executeRawUnsafe(`analyze`);
    const monthEvents = await db.deliveryEvent.count({ where: { orgId: org.id, time: { gte: period.from, lt: period.to } } });
    console.log(
      `loaded in ${loadS.toFixed(1)} s (${Math.round(EVENTS / loadS).toLocaleString("en")} events/s); ${period.label} (${TIME_ZONE}) holds ${monthEvents.toLocaleString("en")} of them; load ${load()}`,
    );

    const asInput = (p: LocalPeriod) => ({
      from: p.from.toISOString(),
      to: p.to.toISOString(),
      label: p.label,
      fromDate: p.from,
      toDate: p.to,
    });
    const input = {
      title: "Monthly deliverability report",
      cadence: "monthly" as const,
      audience: "ops" as const,
      period: asInput(period),
      previousPeriod: asInput(previous),
      days: daysOf(period, TIME_ZONE).map((d) => d.toISOString()),
      scope: { domains: [], serverIds: [], campaigns: [] },
      orgUrl: "https://app.example/big",
      now,
    };
    const warm = await timed(() => buildReportFigures(ctx, input));
    console.log(`figures (cold, first run): ${warm.ms.toFixed(0)} ms; load ${load()}`);
    const figureMs: number[] = [];
    let figures = warm.value;
    for (let i = 0; i < RUNS; i++) {
      const r = await timed(() => buildReportFigures(ctx, input));
      figureMs.push(r.ms);
      figures = r.value;
    }
    const f = stats(figureMs);
    console.log(`figures: p50 ${f.p50.toFixed(0)} ms, max ${f.max.toFixed(0)} ms over ${RUNS} runs; load ${load()}`);
    console.log(
      `  attempted ${figures.volume.attempted.toLocaleString("en")}, ${figures.findings.length} findings (${figures.findings[0]?.sentence ?? "none"}), ${figures.providers.length} providers`,
    );

    const html = await timed(() => renderReportHtml(figures));
    const pdfInput = { title: figures.title, orgName: figures.org.name };
    const cold = await timed(() => renderer.render(html.value, pdfInput));
    const pdfMs: number[] = [];
    let bytes = cold.value.length;
    for (let i = 0; i < Math.max(3, Math.floor(RUNS / 2)); i++) {
      const r = await timed(() => renderer.render(html.value, pdfInput));
      pdfMs.push(r.ms);
      bytes = r.value.length;
    }
    const p = stats(pdfMs);
    const total = f.p50 + html.ms + p.p50;
    const totalCold = warm.ms + html.ms + cold.ms;
    console.log(`html: ${html.ms.toFixed(0)} ms (${(html.value.length / 1024).toFixed(0)} KiB)`);
    console.log(
      `pdf: first ${cold.ms.toFixed(0)} ms (Chromium launch included), then p50 ${p.p50.toFixed(0)} ms, max ${p.max.toFixed(0)} ms (${(bytes / 1024).toFixed(0)} KiB)`,
    );
    console.log("\n| step | time |");
    console.log("| --- | --- |");
    console.log(`| figures (buildReportFigures) p50 / max | ${f.p50.toFixed(0)} / ${f.max.toFixed(0)} ms |`);
    console.log(`| HTML (renderReportHtml) | ${html.ms.toFixed(0)} ms |`);
    console.log(`| PDF (warm browser) p50 / max | ${p.p50.toFixed(0)} / ${p.max.toFixed(0)} ms |`);
    console.log(`| PDF (first, browser launch) | ${cold.ms.toFixed(0)} ms |`);
    console.log(`| **total, warm** | **${total.toFixed(0)} ms** — anchor ≤ ${ANCHOR_MS} ms ${total <= ANCHOR_MS ? "MET" : "NOT MET"} |`);
    console.log(`| total, everything cold | ${totalCold.toFixed(0)} ms — ${totalCold <= ANCHOR_MS ? "MET" : "NOT MET"} |`);
    console.log(`\nload ${load()}`);
    await db.$disconnect();
  } finally {
    await renderer.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
