import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

import { describe, expect, it } from "vitest";

import { main } from "../main.ts";
import { captureIo } from "../testing.ts";

const LOG = [
  "Mar  1 10:00:00 mx postfix/qmgr[1]: ABCDE12345: from=<news@example.com>, size=100, nrcpt=2 (queue active)",
  "Mar  1 10:00:01 mx postfix/smtp[2]: ABCDE12345: to=<a@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.1.27]:25, delay=1, delays=0.1/0.1/0.4/0.4, dsn=2.0.0, status=sent (250 2.0.0 OK)",
  "Mar  1 10:00:02 mx postfix/smtp[2]: ABCDE12345: to=<b@yahoo.com>, relay=mta5.am0.yahoodns.net[67.195.204.72]:25, delay=2, delays=0.1/0.1/0.4/1.4, dsn=4.7.0, status=deferred (host mta5.am0.yahoodns.net[67.195.204.72] said: 421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints (in reply to MAIL FROM command))",
  "this is not a log line",
].join("\n");

describe("inboxwatch parse-log", () => {
  it("prints NDJSON events and a summary with --json (from stdin)", async () => {
    const io = captureIo(undefined, LOG);
    expect(await main(["parse-log", "-", "--json", "--year", "2024"], io)).toBe(0);
    const rows = io.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ sender: "news@example.com", recipient: "a@gmail.com", status: "sent", provider: "google" });
    expect(rows[1]).toMatchObject({ status: "deferred", replyCode: "421", enhancedCode: "4.7.0", provider: "yahoo" });
    expect(rows[2]).toMatchObject({ summary: { lines: 4, events: 2, unparsed: 1, byStatus: { sent: 1, deferred: 1 } } });
  });

  it("reads a gzip file and prints a human summary", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "iw-parse-log-")), "mail.log.gz");
    fs.writeFileSync(file, zlib.gzipSync(LOG));
    const io = captureIo();
    expect(await main(["parse-log", file, "--format", "postfix"], io)).toBe(0);
    expect(io.stdout).toContain("a@gmail.com sent delivered");
    expect(io.stdout).toMatch(/lines: 4 {2}events: 2 {2}unparsed: 1/);
    fs.rmSync(path.dirname(file), { recursive: true });
  });

  it("rejects an unknown format with exit code 2", async () => {
    const io = captureIo(undefined, LOG);
    expect(await main(["parse-log", "-", "--format", "sendmail"], io)).toBe(2);
    expect(io.stderr).toContain("Unknown --format");
  });
});
