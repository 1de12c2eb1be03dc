/**
 * `inboxwatch` start-time benchmark (issue 19 item 9): wall and CPU time of whole CLI processes, each run
 * as a user runs it (a child `node apps/cli/bin/inboxwatch.mjs …`), beside `node -e 0` (the anchor: what
 * starting Node alone costs on this machine at this load). Cases run round-robin after one warm-up
 * round, so a change in load hits every case alike. CPU is user + system of the child, from GNU time
 * (/usr/bin/time, 10 ms resolution); without it only wall time is shown.
 * Targets: `inboxwatch --help` ≤ 300 ms and `inboxwatch classify <file.eml>` ≤ 500 ms median wall.
 * Run: npx tsx bench/cli/index.ts   (env: RUNS=10; BEFORE_BIN=<another bin/inboxwatch.mjs> adds its rows,
 * e.g. a checkout of the commit before the bundle)
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const RUNS = Number(process.env.RUNS ?? "10");
const BEFORE_BIN = process.env.BEFORE_BIN;
const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "apps/cli/bin/inboxwatch.mjs");
const CORPUS = path.resolve(ROOT, "../shared/corpus");
const BOUNCE = path.join(CORPUS, "bounces/sisimai/lhost-postfix-01.eml");
const REPORT = path.join(CORPUS, "dmarc-aggregate/parsedmarc/extract_report/nice-input.xml.zip");
const GNU_TIME = "/usr/bin/time";
const HAS_GNU_TIME = spawnSync(GNU_TIME, ["-f", "%e", "true"]).status === 0;
/** Issue 19 item 9: median wall time of the bundled bin. */
const HELP_TARGET_MS = 300;
const CLASSIFY_TARGET_MS = 500;
/** The bin's stderr when it runs the sources through tsx instead of the bundle. */
const FALLBACK = /running the sources through tsx/;

interface Case {
  label: string;
  argv: string[];
  env?: Record<string, string>;
  targetMs?: number;
  /** The bundle must have run: an empty stderr (no fallback notice). */
  bundled?: boolean;
}

const cli = (args: string[]): string[] => [BIN, ...args];
const fromSource = { INBOXWATCH_CLI_FROM_SOURCE: "1" };
const cases: Case[] = [
  { label: "node -e 0 (anchor)", argv: ["-e", "0"] },
  { label: "inboxwatch --help", argv: cli(["--help"]), targetMs: HELP_TARGET_MS, bundled: true },
  { label: "inboxwatch classify <bounce.eml>", argv: cli(["classify", BOUNCE]), targetMs: CLASSIFY_TARGET_MS, bundled: true },
  { label: "inboxwatch classify --reply", argv: cli(["classify", "--reply", "550 5.1.1 <x@y>: user unknown"]), bundled: true },
  { label: "inboxwatch parse-report <dmarc.zip>", argv: cli(["parse-report", REPORT]), bundled: true },
  { label: "inboxwatch check --help", argv: cli(["check", "--help"]), bundled: true },
  { label: "inboxwatch version", argv: cli(["version"]), bundled: true },
  { label: "tsx path: --help", argv: cli(["--help"]), env: fromSource },
  { label: "tsx path: classify <bounce.eml>", argv: cli(["classify", BOUNCE]), env: fromSource },
  { label: "tsx path, no tsx cache: --help", argv: cli(["--help"]), env: { ...fromSource, TSX_DISABLE_CACHE: "1" } },
];
if (BEFORE_BIN) {
  cases.push(
    { label: "before: --help", argv: [BEFORE_BIN, "--help"] },
    { label: "before: classify <bounce.eml>", argv: [BEFORE_BIN, "classify", BOUNCE] },
    { label: "before: version", argv: [BEFORE_BIN, "version"] },
  );
}

/** The bin ran the tsx fallback: a source changed after the bundle was built. */
class StaleBundle extends Error {}

interface Sample {
  wallMs: number;
  cpuMs: number | null;
}

async function runOnce(c: Case, timeFile: string): Promise<Sample> {
  const node = process.execPath;
  const [cmd, args] = HAS_GNU_TIME ? [GNU_TIME, ["-f", "%U %S", "-o", timeFile, node, ...c.argv]] : [node, c.argv];
  const started = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...c.env }, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ code: status, stderr: err }));
  });
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`${c.label}: exit ${code}\n${stderr}`);
  if (c.bundled && FALLBACK.test(stderr)) throw new StaleBundle(stderr);
  let cpuMs: number | null = null;
  if (HAS_GNU_TIME) {
    const [user, sys] = fs.readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    cpuMs = ((user ?? 0) + (sys ?? 0)) * 1000;
  }
  return { wallMs, cpuMs };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

/** Nearest-rank percentile. */
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
const ms = (n: number) => (Number.isNaN(n) ? "-" : `${Math.round(n)} ms`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/** The bundled rows must measure the bundle, not the tsx fallback: (re)build it when the bin says it is stale. */
function buildBundle(why: string): void {
  const started = Date.now();
  const build = spawnSync(process.execPath, [path.join(ROOT, "apps/cli/build.mjs")], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`building apps/cli/dist failed:\n${build.stderr}`);
  console.log(`built apps/cli/dist (${why}; ${Date.now() - started} ms)`);
}
if (FALLBACK.test(spawnSync(process.execPath, [BIN, "version"], { encoding: "utf8" }).stderr)) buildBundle("missing or stale");

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-cli-"));
const timeFile = path.join(tmp, "time");
const loadBefore = load();
const samples = new Map<Case, Sample[]>(cases.map((c) => [c, []]));
for (let round = 0; round <= RUNS; round++) {
  for (const c of cases) {
    let sample: Sample;
    try {
      sample = await runOnce(c, timeFile);
    } catch (err) {
      // A source edited while the benchmark runs (a shared working tree): rebuild, measure again.
      if (!(err instanceof StaleBundle)) throw err;
      buildBundle("a source changed during the run");
      sample = await runOnce(c, timeFile);
    }
    if (round > 0) samples.get(c)!.push(sample);
  }
}
const loadAfter = load();
fs.rmSync(tmp, { recursive: true, force: true });

console.log(
  `inboxwatch start time: ${RUNS} runs per case (round-robin, after 1 warm-up round), node ${process.version}, ${os.cpus().length} CPUs`,
);
console.log(`load average ${loadBefore} before, ${loadAfter} after${HAS_GNU_TIME ? "" : "; no /usr/bin/time, so no CPU figures"}\n`);
const width = Math.max(...cases.map((c) => c.label.length));
// Under load a process waits for a core as long as it runs: "− anchor" is the CLI's own share of the wall time.
const anchorMs = median(samples.get(cases[0]!)!.map((x) => x.wallMs));
console.log(
  `${"case".padEnd(width)}  ${"wall median".padStart(11)}  ${"p95".padStart(7)}  ${"− anchor".padStart(8)}  ${"CPU median".padStart(10)}  ${"p95".padStart(7)}  target`,
);
let allMet = true;
for (const c of cases) {
  const s = samples.get(c)!;
  const wall = s.map((x) => x.wallMs);
  const cpu = s.flatMap((x) => (x.cpuMs === null ? [] : [x.cpuMs]));
  const wallMedian = median(wall);
  let verdict = "";
  if (c.targetMs !== undefined) {
    const met = wallMedian <= c.targetMs;
    allMet &&= met;
    verdict = `≤ ${c.targetMs} ms wall: ${met ? "MET" : "NOT MET"}`;
  }
  console.log(
    `${c.label.padEnd(width)}  ${ms(wallMedian).padStart(11)}  ${ms(percentile(wall, 95)).padStart(7)}  ${(c === cases[0] ? "" : ms(wallMedian - anchorMs)).padStart(8)}  ${ms(cpu.length ? median(cpu) : NaN).padStart(10)}  ${ms(cpu.length ? percentile(cpu, 95) : NaN).padStart(7)}  ${verdict}`,
  );
}
console.log(`\ntargets ${allMet ? "MET" : "NOT MET"}`);
