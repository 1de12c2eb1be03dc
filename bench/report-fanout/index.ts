/**
 * Report fan-out benchmark (issue 14 "Benchmark": 1,000 organizations' weekly reports fanned out — the time
 * to the last one sent and the peak worker RSS, on this machine).
 *
 * N organizations (default 1,000), each with an owner, a week of mail (500 delivery events over six mailbox
 * providers, through ingestion's own insertEventRows so the rollups are ingestion's) and a weekly
 * leadership report due now, sent by email to its owner. An SMTP sink on loopback accepts every message.
 *
 *   fan-out  the real worker (startWorker: pg-boss, every queue, report.build 2 at a time with one Chromium,
 *            report.deliver) in a child process; the schedule sweep runs once, as its cron would; timed from
 *            the sweep to the last message accepted by the sink. The worker's process tree (Node + Chromium)
 *            is sampled every 200 ms for RSS; the Node process's own peak is its VmHWM.
 *   anchor   the same N reports done the simplest way, one after another in one process: figures, HTML, PDF
 *            (one Chromium), one SMTP send each — the same organizations, data, renderer and sink.
 *
 * Embedded PostgreSQL in a temp directory (fsync off), loopback only; removed at the end.
 *
 *   npx tsx bench/report-fanout/index.ts [--orgs N] [--anchor-orgs M]
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { SMTPServer } from "smtp-server";

import { createDb } from "../../packages/db/src/client.ts";
import { startEmbeddedPostgres } from "../../packages/db/src/embedded-postgres.ts";
import { migrate } from "../../packages/db/src/migrate.ts";
import { createPdfRenderer } from "../../packages/reporting/src/pdf/index.ts";
import { renderReportEmail, renderReportHtml } from "../../packages/reporting/src/render/index.ts";
import { periodForRun } from "../../packages/reporting/src/schedule.ts";
import { systemContext } from "../../packages/services/src/index.ts";
import { type EventRow, insertEventRows } from "../../packages/services/src/ingest/event-rows.ts";
import { deliverMail } from "../../packages/services/src/mail/send-mail.ts";
import { ensureMonthlyPartitions } from "../../packages/services/src/partitions.ts";
import { composeReport } from "../../packages/services/src/scheduled-reports/compose.ts";
import { scheduleDueReports } from "../../packages/services/src/scheduled-reports/run.ts";

const DAY = 86_400_000;
const { values } = parseArgs({ options: { orgs: { type: "string", default: "1000" }, "anchor-orgs": { type: "string" } } });
const ORGS = Number(values.orgs);
const ANCHOR_ORGS = Number(values["anchor-orgs"] ?? values.orgs);
const EVENTS_PER_ORG = 500;
const PROVIDERS = [
  ["gmail", "gmail.com", 0.42],
  ["microsoft", "outlook.com", 0.22],
  ["yahoo", "yahoo.com", 0.14],
  ["apple", "icloud.com", 0.08],
  ["gmx", "gmx.de", 0.07],
  ["other", "corp.example", 0.07],
] as const;

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

/** RSS (KiB) of `pid` and all its descendants, from /proc. */
function treeRssKib(pid: number): { node: number; tree: number } {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0);
      rss.set(Number(entry), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* the process ended while we looked */
    }
  }
  let tree = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop() ?? 0;
    tree += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return { node: rss.get(pid) ?? 0, tree };
}

function peakOf(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-report-fanout-"));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: 0, ephemeral: true });
await pg.createDatabase("bench_fanout");
const url = pg.url("bench_fanout");
process.env.DATABASE_URL = url;
await migrate(url);
const db = createDb(url, { max: 8 });

const sink = { accepted: 0, last: 0 };
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  size: 20 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.resume();
    stream.on("end", () => {
      sink.accepted++;
      sink.last = performance.now();
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
process.env.SMTP_URL = smtpUrl;
process.env.APP_URL = "http://inboxwatch.bench";

try {
  console.log(`Report fan-out: ${ORGS} organizations, ${EVENTS_PER_ORG} events each; ${os.cpus().length} cores, load ${load()}`);
  const now = new Date();
  await ensureMonthlyPartitions(systemContext(db, "bench"), {
    table: "DeliveryEvent",
    now: new Date(now.getTime() - 40 * DAY),
    aheadMonths: 3,
  });
  const t0 = performance.now();
  const orgIds: string[] = [];
  let rows: EventRow[] = [];
  const weekStart = periodForRun({ cadence: "weekly", weekday: 1, monthDay: null, sendHour: 8 }, "UTC", now).from.getTime();
  for (let o = 0; o < ORGS; o++) {
    const org = await db.organization.create({ data: { name: `Fan-out ${o}`, slug: `fanout-${o}` } });
    const user = await db.user.create({ data: { email: `owner${o}@fanout.bench`, name: `Owner ${o}` } });
    await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "OWNER" } });
    await db.reportDefinition.create({
      data: {
        orgId: org.id,
        name: "Weekly",
        cadence: "weekly",
        weekday: 1,
        sendHour: 8,
        audience: "leadership",
        recipientRoles: ["OWNER"],
        nextRunAt: new Date(now.getTime() - 60_000),
      },
    });
    orgIds.push(org.id);
    for (let e = 0; e < EVENTS_PER_ORG; e++) {
      const r = ((e * 7919 + o * 104729) % 1000) / 1000;
      let acc = 0;
      const p = PROVIDERS.find(([, , share]) => (acc += share) > r) ?? PROVIDERS[0];
      const status = e % 50 === 0 ? "deferred" : e % 97 === 0 ? "bounced" : "sent";
      rows.push({
        orgId: org.id,
        time: new Date(weekStart + (((e * 1_209_600_000) / EVENTS_PER_ORG) % (7 * DAY))),
        source: "bench",
        host: "mx1",
        queueId: `Q${o}-${e}`,
        messageId: `m${o}-${e}@bench`,
        campaign: "",
        variant: "",
        senderDomain: `org${o}.bench`,
        recipientDomain: p[1],
        recipientHash: `h${o}-${e}`,
        recipient: null,
        provider: p[0],
        status,
        eventType: status === "sent" ? "delivered" : status === "deferred" ? "deferred" : "bounce",
        replyCode: status === "sent" ? "250" : status === "deferred" ? "421" : "550",
        enhancedCode: status === "sent" ? "2.0.0" : status === "deferred" ? "4.7.0" : "5.1.1",
        category: status === "sent" ? "" : status === "deferred" ? "throttled" : "user_unknown",
        reason: "",
        response: "",
        relayHost: "",
        relayIp: "",
        delaySeconds: 2,
        serverId: null,
        hop: null,
        eventKey: `k${o}-${e}`,
      });
    }
    if (rows.length >= 20_000) {
      await db.$transaction((tx) => insertEventRows({ db: tx }, { rows }), { timeout: 120_000 });
      rows = [];
    }
  }
  if (rows.length) await db.$transaction((tx) => insertEventRows({ db: tx }, { rows }), { timeout: 120_000 });
  console.log(`loaded ${ORGS} organizations and ${ORGS * EVENTS_PER_ORG} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // --- Fan-out through the real worker in a child process.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "../../apps/worker/src/report-child.testing.ts"), url],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, SMTP_URL: smtpUrl, WORKER_CONCURRENCY: "4" },
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (c: Buffer) => c.toString().includes("worker started") && resolve());
    child.once("exit", (code) => reject(new Error(`the worker exited (${code}) before starting`)));
  });
  const pid = child.pid ?? 0;
  let peakTree = 0;
  let peakNode = 0;
  const sampler = setInterval(() => {
    const s = treeRssKib(pid);
    peakTree = Math.max(peakTree, s.tree);
    peakNode = Math.max(peakNode, s.node, peakOf(pid));
  }, 200);
  sink.accepted = 0;
  const start = performance.now();
  const swept = await scheduleDueReports(systemContext(db, "bench"), { now });
  const sweepMs = performance.now() - start;
  let lastProgress = performance.now();
  while (sink.accepted < ORGS) {
    await new Promise((r) => setTimeout(r, 250));
    if (performance.now() - lastProgress > 10_000) {
      lastProgress = performance.now();
      const editions = await db.reportEdition.groupBy({ by: ["status"], _count: true });
      const deliveries = await db.reportDelivery.groupBy({ by: ["status"], _count: true });
      console.log(
        `  … ${((performance.now() - start) / 1000).toFixed(0)} s: editions ${editions.map((e) => `${e.status} ${e._count}`).join(", ")}; deliveries ${deliveries.map((d) => `${d.status} ${d._count}`).join(", ")}; mailed ${sink.accepted}`,
      );
    }
    if (performance.now() - start > 60 * 60_000) throw new Error(`only ${sink.accepted} of ${ORGS} sent after an hour`);
  }
  const fanoutMs = sink.last - start;
  clearInterval(sampler);
  peakNode = Math.max(peakNode, peakOf(pid));
  // Measured; the child has no shutdown handler of its own (and Chromium to close), so it is killed outright.
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  const failed = await db.reportEdition.count({ where: { status: { not: "ready" } } });
  console.log(
    `fan-out (worker): ${ORGS} reports built and mailed in ${(fanoutMs / 1000).toFixed(1)} s (${((ORGS * 1000) / fanoutMs).toFixed(1)} reports/s; sweep ${sweepMs.toFixed(0)} ms for ${swept.queued} queued); not ready: ${failed}`,
  );
  console.log(
    `  peak RSS: worker Node process ${mib(peakNode)}, worker + Chromium tree ${mib(peakTree)} (sampled every 200 ms); load ${load()}`,
  );

  // --- Anchor: the same reports one after another in one process.
  const renderer = createPdfRenderer();
  const anchorStart = performance.now();
  const sys = systemContext(db, "bench anchor");
  const period = periodForRun({ cadence: "weekly", weekday: 1, monthDay: null, sendHour: 8 }, "UTC", now);
  for (const orgId of orgIds.slice(0, ANCHOR_ORGS)) {
    const figures = await composeReport(
      { ...sys, orgId },
      { request: { cadence: "weekly", audience: "leadership", scopeDomains: [], scopeServerIds: [], scopeCampaigns: [] }, period, now },
    );
    const pdf = await renderer.render(renderReportHtml(figures), { title: figures.title, orgName: figures.org.name });
    const mail = await renderReportEmail(figures, { reportUrl: `${figures.orgUrl}/scheduled-reports/x`, pdfAttached: true });
    await deliverMail(sys, {
      to: "owner@fanout.bench",
      ...mail,
      attachments: [{ filename: "r.pdf", content: Buffer.from(pdf), contentType: "application/pdf" }],
    });
  }
  const anchorMs = performance.now() - anchorStart;
  await renderer.close();
  const anchorPer = anchorMs / ANCHOR_ORGS;
  console.log(
    `anchor (sequential, one process): ${ANCHOR_ORGS} reports in ${(anchorMs / 1000).toFixed(1)} s (${anchorPer.toFixed(0)} ms each${ANCHOR_ORGS < ORGS ? `; ${((anchorPer * ORGS) / 1000).toFixed(0)} s for ${ORGS} at that rate` : ""})`,
  );
  console.log(`fan-out vs anchor: ${((anchorPer * ORGS) / fanoutMs).toFixed(2)}× faster for the same ${ORGS} reports; load ${load()}`);
} finally {
  await db.$disconnect();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await pg.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
