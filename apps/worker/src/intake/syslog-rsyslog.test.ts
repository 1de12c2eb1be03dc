// The shipping example in infra/log-shipping/rsyslog-omfwd.conf, run by a REAL rsyslogd (Debian package
// `rsyslog`): Postfix lines from the corpus go into rsyslog over TCP, exactly as a mail host's local syslog
// gets them; rsyslog forwards them with the committed template and action (octet-counted TCP, token in the
// structured data) to our receiver; every line arrives once and becomes the events the parser finds in it.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { parseLog } from "@inboxwatch/deliverability/logs";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { processLogBatch, rotateSyslogToken } from "@inboxwatch/services/ingest";

import { type RunningSyslogReceiver, startSyslogReceiver } from "./syslog.ts";
import { systemContext } from "@inboxwatch/services";

const REPO = path.resolve(import.meta.dirname, "../../../..");
const CORPUS_LOG = path.join(REPO, "../shared/corpus/postfix-logs/postfix-logsums/mail.log.2023-03-14.gz");
const SHIPPING_CONFIG = path.join(REPO, "infra/log-shipping/rsyslog-omfwd.conf");
const RSYSLOGD = "/usr/sbin/rsyslogd";
/** rsyslog starts, connects and forwards within a second or two; this bound only stops a broken run. */
const FORWARD_DEADLINE_MS = 20_000;

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let orgId: string;
let rx: RunningSyslogReceiver;
let rsyslog: ChildProcess | undefined;
let dir: string;
let inputPort: number;
let rsyslogLog = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

async function waitFor(what: () => boolean | Promise<boolean>, label: string): Promise<void> {
  const deadline = Date.now() + FORWARD_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (await what()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `${label} not reached within ${FORWARD_DEADLINE_MS} ms (receiver: ${JSON.stringify(rx.stats())}); rsyslogd said:\n${rsyslogLog}`,
  );
}

/** The committed shipping config with the customer's placeholders filled in, behind a TCP input. */
function rsyslogConfig(token: string, receiverPort: number): string {
  const shipped = fs
    .readFileSync(SHIPPING_CONFIG, "utf8")
    .replace('target="inboxwatch-worker.example.com"', 'target="127.0.0.1"')
    .replace('port="5514"', `port="${receiverPort}"`)
    .replace(/token=\\"iwl_0+\\"/, `token=\\"${token}\\"`);
  if (!shipped.includes(`port="${receiverPort}"`) || !shipped.includes(token))
    throw new Error("infra/log-shipping/rsyslog-omfwd.conf changed shape: update this test");
  return [
    `global(workDirectory="${dir}/work")`,
    'module(load="imtcp")',
    `input(type="imtcp" address="127.0.0.1" port="${inputPort}")`,
    shipped,
  ].join("\n");
}

beforeAll(async () => {
  if (!fs.existsSync(RSYSLOGD)) throw new Error("rsyslogd is not installed: apt-get install -y rsyslog (.ci/run installs it)");
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  orgId = (await t.db.organization.create({ data: { name: "Rsyslog", slug: "rsyslog" } })).id;
  const { token } = await rotateSyslogToken({ db: t.db, orgId, actor: { type: "SYSTEM", label: "test" } });
  rx = await startSyslogReceiver({ db: t.db, port: 0, host: "127.0.0.1", flushIntervalMs: 3_600_000, log: () => undefined });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-rsyslog-"));
  fs.mkdirSync(path.join(dir, "work"));
  inputPort = await freePort();
  fs.writeFileSync(path.join(dir, "rsyslog.conf"), rsyslogConfig(token, rx.port));
  rsyslog = spawn(RSYSLOGD, ["-n", "-f", path.join(dir, "rsyslog.conf"), "-i", path.join(dir, "rsyslogd.pid")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  rsyslog.stdout?.on("data", (d: Buffer) => (rsyslogLog += d.toString()));
  rsyslog.stderr?.on("data", (d: Buffer) => (rsyslogLog += d.toString()));
});

afterAll(async () => {
  if (rsyslog && rsyslog.exitCode === null) {
    const exited = new Promise((r) => rsyslog?.once("exit", r));
    rsyslog.kill("SIGTERM");
    await exited;
  }
  await rx?.stop();
  await t?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function sendToRsyslog(lines: string[]): Promise<void> {
  // rsyslog opens its input port shortly after start: retry the connect until it listens.
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const s = net.connect(inputPort, "127.0.0.1", () => {
          // RFC 3164 with a PRI of mail.info, newline-framed: what Postfix's syslog() hands the local daemon.
          s.end(lines.map((l) => `<22>${l}\n`).join(""), () => resolve(true));
        });
        s.on("error", () => resolve(false));
      }),
    "rsyslog input listening",
  );
}

describe("rsyslog shipping example (infra/log-shipping/rsyslog-omfwd.conf) with a real rsyslogd", () => {
  it(
    "forwards every Postfix line once, mapped to the organization by its token, into the same events the parser finds",
    { timeout: 60_000 },
    async () => {
      const lines = zlib
        .gunzipSync(fs.readFileSync(CORPUS_LOG))
        .toString("utf8")
        .split("\n")
        // Queue-manager and delivery-agent lines (the corpus is mostly smtpd chatter): the ones that make events.
        .filter((l) => / postfix\/(qmgr|cleanup|smtp|lmtp|local|virtual|pipe|error|bounce)\[/.test(l));
      const expected = parseLog(`${lines.join("\n")}\n`, { year: 2023 });
      expect(expected.events.length).toBeGreaterThan(50);

      await sendToRsyslog(lines);
      await waitFor(() => rx.stats().messages >= lines.length, `${lines.length} messages at the receiver`);
      await rx.flush();
      for (const b of await t.db.rawLogBatch.findMany({ where: { orgId, status: "PENDING" }, orderBy: { receivedAt: "asc" } }))
        await processLogBatch(sys(), { batchId: b.id });

      expect(rx.stats().messages).toBe(lines.length);
      expect(rx.stats().rejected).toBe(0);
      const batches = await t.db.rawLogBatch.findMany({ where: { orgId }, select: { lineCount: true, source: true } });
      expect(batches.reduce((sum, b) => sum + b.lineCount, 0)).toBe(lines.length);
      const events = await t.db.deliveryEvent.findMany({ where: { orgId }, select: { queueId: true, status: true } });
      expect(events.length).toBe(expected.events.length);
      expect(events.map((e) => `${e.queueId} ${e.status}`).sort()).toEqual(expected.events.map((e) => `${e.queueId} ${e.status}`).sort());
    },
  );
});
