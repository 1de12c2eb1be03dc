/**
 * Report parsing benchmark (parse only; no database). Run: npx tsx bench/reports/parse.ts
 *
 * 1. ~1,000 typical DMARC aggregate reports (gzip, 5–50 records, six reporter styles) through
 *    parseReport(): reports/s, next to a bare fast-xml-parser parse of the same files already gunzipped
 *    (the ceiling: no unpacking, no limits, no normalization) and fast-xml-parser plus gunzip.
 * 2. Peak RSS while parsing one 100,000-record report (gzip), records streamed to a callback.
 * Bounded: every phase runs a fixed number of rounds or stops after BENCH_PHASE_MS.
 */
import fs from "node:fs";
import zlib from "node:zlib";

import { XMLParser } from "fast-xml-parser";

import { parseReport } from "../../packages/deliverability/src/reports/index.ts";
import { syntheticAggregateBytes, syntheticAggregateGzip } from "../../packages/deliverability/src/reports/synthetic-aggregate.ts";

const REPORTS = 1000;
const ROUNDS = 5;
/** Each measured phase stops after this long even if rounds remain. */
const BENCH_PHASE_MS = 20_000;
const MIB = 1024 * 1024;

function recordsFor(seed: number): number {
  return 5 + ((seed * 7919) % 46); // 5..50, spread evenly
}

async function timeRounds(label: string, body: () => Promise<void> | void): Promise<number> {
  const start = performance.now();
  let rounds = 0;
  while (rounds < ROUNDS && performance.now() - start < BENCH_PHASE_MS) {
    await body();
    rounds++;
  }
  const seconds = (performance.now() - start) / 1000;
  const rate = (rounds * REPORTS) / seconds;
  console.log(`  ${label.padEnd(44)} ${rate.toFixed(0).padStart(7)} reports/s  (${rounds} × ${REPORTS} in ${seconds.toFixed(2)} s)`);
  return rate;
}

function resetPeakRss(): boolean {
  try {
    fs.writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

function peakRss(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]) * 1024;
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS * 1024;
}

async function main(): Promise<void> {
  console.log(`Generating ${REPORTS} aggregate reports (gzip, 5–50 records)…`);
  const gz: Buffer[] = [];
  const xml: string[] = [];
  let records = 0;
  for (let seed = 1; seed <= REPORTS; seed++) {
    const opts = { seed, records: recordsFor(seed) };
    gz.push(syntheticAggregateGzip(opts));
    xml.push(syntheticAggregateBytes(opts).toString("utf8"));
    records += opts.records;
  }
  const gzBytes = gz.reduce((s, b) => s + b.length, 0);
  const xmlBytes = xml.reduce((s, x) => s + x.length, 0);
  console.log(
    `  ${records} records, ${(gzBytes / REPORTS / 1024).toFixed(1)} KiB gzip / ${(xmlBytes / REPORTS / 1024).toFixed(1)} KiB XML per report on average`,
  );

  const fxp = new XMLParser({ ignoreAttributes: true, processEntities: false });
  // Warm-up so the JIT has compiled both sides before anything is timed.
  for (let i = 0; i < 200; i++) {
    await parseReport(gz[i % REPORTS]!);
    fxp.parse(xml[i % REPORTS]!);
  }

  console.log(`\nParse only (${ROUNDS} rounds or ${BENCH_PHASE_MS / 1000} s per line):`);
  let failures = 0;
  const ours = await timeRounds("parseReport (gzip → normalized report)", async () => {
    for (const input of gz) {
      const result = await parseReport(input);
      if (!result.ok) failures++;
    }
  });
  const ceiling = timeRounds("fast-xml-parser, gunzipped XML (ceiling)", () => {
    for (const text of xml) fxp.parse(text);
  });
  const ceilingValue = await ceiling;
  const withGunzip = await timeRounds("fast-xml-parser + zlib.gunzipSync", () => {
    for (const input of gz) fxp.parse(zlib.gunzipSync(input).toString("utf8"));
  });
  if (failures > 0) console.log(`  !! ${failures} reports were rejected`);
  console.log(
    `  ratio ours / ceiling: ${(ours / ceilingValue).toFixed(2)}   ours / (fast-xml-parser + gunzip): ${(ours / withGunzip).toFixed(2)}`,
  );

  console.log("\nPeak RSS, one 100,000-record report (gzip), records streamed to a callback:");
  const big = syntheticAggregateGzip({ seed: 42, records: 100_000 });
  const inflated = zlib.gunzipSync(big).length;
  console.log(`  ${(big.length / MIB).toFixed(1)} MiB gzip, ${(inflated / MIB).toFixed(1)} MiB XML`);
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const exact = resetPeakRss();
  let streamed = 0;
  const t0 = performance.now();
  const result = await parseReport(big, { limits: { maxInflatedBytes: 128 * MIB }, onDmarcRecord: () => void streamed++ });
  const ms = performance.now() - t0;
  const peak = peakRss();
  console.log(
    `  ${result.ok ? "parsed" : `REJECTED ${result.reason}`} ${streamed} records in ${(ms / 1000).toFixed(2)} s (${(inflated / MIB / (ms / 1000)).toFixed(1)} MiB/s)`,
  );
  console.log(
    `  peak RSS ${(peak / MIB).toFixed(0)} MiB, growth over the ${(rss0 / MIB).toFixed(0)} MiB before: ${((peak - rss0) / MIB).toFixed(1)} MiB${exact ? "" : " (approximate: no /proc/self/clear_refs)"}`,
  );
}

await main();
