/**
 * Parser benchmark: a 1,000,000-line Postfix log generated from the real corpus logs (queue ids and
 * dates rewritten per copy, so every message is distinct), parsed and classified by our LogCorrelator,
 * and summarised by pflogsumm (Debian package `pflogsumm`) on the same file. Prints lines/s of both and
 * the ratio. Target: ours ≥ 5 × pflogsumm.
 *
 *   npx tsx bench/ingest/parser.ts [--lines N]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import zlib from "node:zlib";

import { LogCorrelator } from "../../packages/deliverability/src/logs/index.ts";

const CORPUS = path.resolve(import.meta.dirname, "../..", "../shared/corpus/postfix-logs/postfix-logsums");
/** Bytes read per write() call: one syslog TCP batch is about this size. */
const CHUNK_BYTES = 1024 * 1024;
/** pflogsumm gets this long before the run is called failed; it should need well under a minute. */
const PFLOGSUMM_TIMEOUT_MS = 10 * 60 * 1000;
/**
 * Timed runs of our parser (after one warm-up); the median is reported. The machine is shared, so a
 * single run can land in someone else's burst; pflogsumm runs once (it takes ~10× longer per run).
 */
const OUR_RUNS = 3;

/** The 1-minute load average, printed beside every figure: on a shared 2-core box it explains the spread. */
function load(): string {
  return `load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`;
}

const QUEUE_ID_RE = /(postfix\/[\w/-]+\[\d+\]: )([0-9A-Za-z]{5,15})(: )/;
const QUEUED_AS_RE = /(queued as )([0-9A-Za-z]{5,15})/;

/** Writes `targetLines` lines to `file`: the corpus days over and over, each copy with fresh ids and later dates. */
export function generateLog(file: string, targetLines: number): number {
  const days = fs
    .readdirSync(CORPUS)
    .filter((f) => f.endsWith(".gz"))
    .sort()
    .map((f) =>
      zlib
        .gunzipSync(fs.readFileSync(path.join(CORPUS, f)))
        .toString("utf8")
        .split("\n")
        .filter((l) => l !== ""),
    );
  const source = days.flat();
  const fd = fs.openSync(file, "w");
  let written = 0;
  for (let copy = 0; written < targetLines; copy++) {
    const suffix = copy.toString(36).padStart(2, "0");
    const dayShiftMs = copy * days.length * 86_400_000;
    const out: string[] = [];
    for (const line of source) {
      if (written + out.length >= targetLines) break;
      const stamp = new Date(Date.parse(line.slice(0, 10)) + dayShiftMs).toISOString().slice(0, 10);
      out.push(`${stamp}${line.slice(10)}`.replace(QUEUE_ID_RE, `$1$2${suffix}$3`).replace(QUEUED_AS_RE, `$1$2${suffix}`));
    }
    fs.writeSync(fd, `${out.join("\n")}\n`);
    written += out.length;
  }
  fs.closeSync(fd);
  return written;
}

export function runOurs(file: string): { seconds: number; lines: number; events: number; unparsed: number } {
  const started = process.hrtime.bigint();
  const c = new LogCorrelator({ year: 2023 });
  const fd = fs.openSync(file, "r");
  const buf = Buffer.alloc(CHUNK_BYTES);
  let events = 0;
  for (;;) {
    const n = fs.readSync(fd, buf, 0, CHUNK_BYTES, null);
    if (n === 0) break;
    events += c.write(buf.subarray(0, n)).length;
  }
  events += c.end().length;
  fs.closeSync(fd);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const s = c.getStats();
  return { seconds, lines: s.lines, events, unparsed: s.unparsed };
}

export function runPflogsumm(file: string): { seconds: number } | { error: string } {
  const started = process.hrtime.bigint();
  const r = spawnSync("pflogsumm", [file], { stdio: ["ignore", "ignore", "pipe"], timeout: PFLOGSUMM_TIMEOUT_MS });
  if (r.error) return { error: `pflogsumm not runnable (${r.error.message}); apt-get install -y pflogsumm` };
  if (r.status !== 0) return { error: `pflogsumm exited ${r.status}: ${r.stderr.toString().slice(0, 200)}` };
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function main(): void {
  const { values } = parseArgs({ options: { lines: { type: "string", default: "1000000" } } });
  const target = Number(values.lines);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iw-bench-ingest-"));
  const file = path.join(dir, "mail.log");
  try {
    const lines = generateLog(file, target);
    const mib = fs.statSync(file).size / 1024 / 1024;
    console.log(`generated ${lines} lines (${mib.toFixed(0)} MiB) from the postfix-logsums corpus`);
    runOurs(file); // warm-up: JIT and page cache, so both sides read a cached file
    const runs = Array.from({ length: OUR_RUNS }, () => {
      const r = runOurs(file);
      console.log(`  ours run : ${r.seconds.toFixed(2)} s  (${load()})`);
      return r;
    }).sort((a, b) => a.seconds - b.seconds);
    const ours = runs[Math.floor(runs.length / 2)] ?? runs[0];
    if (!ours) return;
    const oursRate = ours.lines / ours.seconds;
    console.log(
      `ours      : ${ours.seconds.toFixed(2)} s  ${Math.round(oursRate).toLocaleString("en")} lines/s  median of ${OUR_RUNS} (${ours.events} events, ${ours.unparsed} unparsed)`,
    );
    const pf = runPflogsumm(file);
    if ("error" in pf) {
      console.log(`pflogsumm : ${pf.error}`);
      process.exitCode = 1;
      return;
    }
    const pfRate = lines / pf.seconds;
    console.log(`pflogsumm : ${pf.seconds.toFixed(2)} s  ${Math.round(pfRate).toLocaleString("en")} lines/s  (${load()})`);
    const ratio = oursRate / pfRate;
    console.log(`ratio     : ${ratio.toFixed(1)} × pflogsumm (target ≥ 5 ×) ${ratio >= 5 ? "MET" : "NOT MET"}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
