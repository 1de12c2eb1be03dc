import { describe, expect, it } from "vitest";

import { DEFAULT_SMTP_LIMITS } from "./limits.ts";
import { parseEnhancedCode, ReplyParser } from "./reply-parser.ts";

const parser = (): ReplyParser => new ReplyParser(DEFAULT_SMTP_LIMITS);

describe("ReplyParser", () => {
  it("assembles a multi-line reply split across arbitrary chunk boundaries", () => {
    const p = parser();
    const wire = "250-mx.example Hello\r\n250-SIZE 1000\r\n250 STARTTLS\r\n";
    for (const ch of wire) p.push(Buffer.from(ch));
    expect(p.shift()).toEqual({ code: 250, enhancedCode: null, lines: ["mx.example Hello", "SIZE 1000", "STARTTLS"] });
    expect(p.isMidReply).toBe(false);
  });

  it("accepts a bare code line and bare LF endings", () => {
    const p = parser();
    p.push(Buffer.from("250\n354 go on\n"));
    expect(p.shift()?.lines).toEqual([""]);
    expect(p.shift()?.code).toBe(354);
  });

  it("parses RFC 3463 enhanced codes only when their class matches the reply", () => {
    expect(parseEnhancedCode(550, "5.1.1 No such user")).toBe("5.1.1");
    expect(parseEnhancedCode(450, "4.2.0 Greylisted")).toBe("4.2.0");
    expect(parseEnhancedCode(250, "5.0.0 nonsense")).toBeNull();
    expect(parseEnhancedCode(550, "No such user 5.1.1")).toBeNull();
  });

  it("latches an error for a line over the cap and holds no more than the cap", () => {
    const p = new ReplyParser({ ...DEFAULT_SMTP_LIMITS, maxReplyLineBytes: 64 });
    p.push(Buffer.from("220 "));
    p.push(Buffer.alloc(10_000, 0x61));
    expect(p.error?.kind).toBe("line_too_long");
    expect(p.peakBufferedBytes).toBeLessThanOrEqual(64);
  });

  it("latches an error past the line-count and byte caps", () => {
    const lines = new ReplyParser({ ...DEFAULT_SMTP_LIMITS, maxReplyLines: 3 });
    lines.push(Buffer.from("250-a\r\n250-b\r\n250-c\r\n250-d\r\n"));
    expect(lines.error?.kind).toBe("too_many_lines");
    const bytes = new ReplyParser({ ...DEFAULT_SMTP_LIMITS, maxReplyBytes: 100 });
    bytes.push(Buffer.from(`250-${"a".repeat(60)}\r\n250-${"b".repeat(60)}\r\n`));
    expect(bytes.error?.kind).toBe("reply_too_large");
  });

  it("rejects garbage and code changes inside one reply", () => {
    const garbage = parser();
    garbage.push(Buffer.from("+OK POP3 ready\r\n"));
    expect(garbage.error?.kind).toBe("malformed");
    const mixed = parser();
    mixed.push(Buffer.from("250-a\r\n251 b\r\n"));
    expect(mixed.error?.message).toContain("changed code");
  });

  it("does not let a peer queue unlimited unsolicited replies", () => {
    const p = parser();
    p.push(Buffer.from("250 ok\r\n".repeat(20)));
    expect(p.error?.kind).toBe("unsolicited");
  });
});
