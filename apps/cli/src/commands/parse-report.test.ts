import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

import { afterAll, describe, expect, it } from "vitest";

import { main } from "../main.ts";
import { captureIo } from "../testing.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../../..", "../shared/corpus");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "parse-report-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function tmpFile(name: string, content: Buffer | string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

describe("inboxwatch parse-report", () => {
  it("summarizes a zipped DMARC aggregate report for humans", async () => {
    const io = captureIo();
    const code = await main(
      ["parse-report", path.join(CORPUS, "dmarc-aggregate/parsedmarc/extract_report/nice-input.xml.zip"), "--records", "3"],
      io,
    );
    expect(code).toBe(0);
    expect(io.stdout).toContain("DMARC aggregate report 11038226378739404135");
    expect(io.stdout).toContain("google.com <noreply-dmarc-support@google.com>");
    expect(io.stdout).toContain("2024-06-13T00:00:00Z → 2024-06-13T23:59:59Z");
    expect(io.stdout).toContain("p=none");
    expect(io.stdout).toContain("3047 in 20 records");
    expect(io.stdout).toContain("209.85.220.69");
    expect(io.stdout).toContain("… 17 more records");
    expect(io.stdout).toContain("zip → xml");
  });

  it("prints the normalized report as JSON with --json", async () => {
    const io = captureIo();
    expect(await main(["parse-report", path.join(CORPUS, "dmarc-aggregate/mail-auth/102.eml"), "--json"], io)).toBe(0);
    const out = JSON.parse(io.stdout) as {
      ok: boolean;
      kind: string;
      container: string[];
      report: { reportId: string; dateRange: { begin: string }; records: { authResults: { dkim: unknown[] } }[] };
    };
    expect(out).toMatchObject({ ok: true, kind: "dmarc_aggregate", container: ["email", "gzip", "xml"] });
    expect(out.report.reportId).toBe("28551467700969547611667865600");
    expect(out.report.dateRange.begin).toBe("2022-11-08T00:00:00.000Z");
    expect(out.report.records[0]!.authResults.dkim).toHaveLength(2);
  });

  it("detects TLS-RPT, ARF and DMARC failure reports", async () => {
    const cases = [
      ["tls-rpt/mail-tls-rpt/email.eml", "SMTP TLS report 2020-03-02T00:00:00Z_fastmaildmarc.com"],
      ["arf/sisimai/arf-16.eml", "ARF feedback report: abuse"],
      ["arf/parsedmarc-failure/dmarc_ruf_report_linkedin.eml", "DMARC failure report: auth-failure"],
    ] as const;
    for (const [file, heading] of cases) {
      const io = captureIo();
      expect(await main(["parse-report", path.join(CORPUS, file)], io)).toBe(0);
      expect(io.stdout).toContain(heading);
    }
  });

  it("reads a report from standard input with -", async () => {
    const xml = fs.readFileSync(path.join(CORPUS, "dmarc-aggregate/dmarc-report-viewer/yahoo.xml"), "utf8");
    const io = captureIo(undefined, xml);
    expect(await main(["parse-report", "-"], io)).toBe(0);
    expect(io.stdout).toContain("DMARC aggregate report 1709600619.487850");
  });

  it("prints the rejection reason and exits 1 for a refused input", async () => {
    const file = tmpFile("xxe.xml", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><feedback>&e;</feedback>`);
    const io = captureIo();
    expect(await main(["parse-report", file], io)).toBe(1);
    expect(io.stderr).toContain("rejected (doctype_forbidden)");
    expect(io.stdout).toBe("");
  });

  it("reports the rejection as JSON with --json", async () => {
    const nested = tmpFile("nested.xml.gz", zlib.gzipSync(zlib.gzipSync(zlib.gzipSync("<feedback/>"))));
    const io = captureIo();
    expect(await main(["parse-report", nested, "--json"], io)).toBe(1);
    expect(JSON.parse(io.stdout)).toMatchObject({ ok: false, reason: "nested_archive" });
  });

  it("refuses a file over the input cap without reading it", async () => {
    const file = path.join(tmp, "huge.xml");
    fs.writeFileSync(file, "");
    fs.truncateSync(file, 26 * 1024 * 1024);
    const io = captureIo();
    expect(await main(["parse-report", file], io)).toBe(1);
    expect(io.stderr).toContain("rejected (too_large)");
  });

  it("exits 2 on usage errors", async () => {
    const io = captureIo();
    expect(await main(["parse-report"], io)).toBe(2);
    expect(io.stderr).toContain("Usage: inboxwatch parse-report");
    const missing = captureIo();
    expect(await main(["parse-report", path.join(tmp, "nope.xml")], missing)).toBe(2);
    expect(missing.stderr).toContain("Not a readable file");
  });
});
