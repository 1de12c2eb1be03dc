import path from "node:path";

import { describe, expect, it } from "vitest";

import { main } from "../main.ts";
import { captureIo } from "../testing.ts";

const BOUNCES = path.resolve(import.meta.dirname, "../../../..", "../shared/corpus/bounces/sisimai");

describe("inboxwatch classify", () => {
  it("classifies one reply with --reply", async () => {
    const io = captureIo();
    expect(await main(["classify", "--reply", "550 5.1.1 <x@y>: user unknown", "--json"], io)).toBe(0);
    expect(JSON.parse(io.stdout)).toMatchObject({
      category: "user_unknown",
      reason: "userunknown",
      class: "permanent",
      severity: "hard",
      replyCode: "550",
      enhancedCode: "5.1.1",
    });
  });

  it("prints each failed recipient of a DSN mail", async () => {
    const io = captureIo();
    expect(await main(["classify", path.join(BOUNCES, "lhost-amavis-01.eml")], io)).toBe(0);
    expect(io.stdout).toMatch(/@\S+ {2}550 5\.1\.1 {2}user_unknown \(userunknown\) {2}hard \/ permanent/);
  });

  it("exits 1 for mail that is not a bounce", async () => {
    const io = captureIo(undefined, "From: a@example.com\r\nTo: b@example.com\r\nSubject: hello\r\n\r\nJust a note.\r\n");
    expect(await main(["classify", "-"], io)).toBe(1);
    expect(io.stdout).toContain("not a bounce");
  });

  it("needs a file or --reply (exit 2)", async () => {
    const io = captureIo();
    expect(await main(["classify"], io)).toBe(2);
  });
});
