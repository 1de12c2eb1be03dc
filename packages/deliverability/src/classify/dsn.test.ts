import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { inlineReturned, parseBounce, returnedSender } from "./dsn.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../../..", "../shared/corpus/bounces");

interface Expected {
  is_bounce: boolean;
  recipients: { reason: string; status: string; status_class: "permanent" | "transient" | "success" | null }[];
}

/** Measured on the shared part of the corpus; raise these when the engine gets better, never lower them. */
const MIN_REASON_MATCH = 0.99;
const MIN_CLASS_MATCH = 1;

describe("bounce corpus (Sisimai expectations)", () => {
  it("matches Sisimai's reason and the permanent/transient/delivered class per recipient", async () => {
    const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, "expected.json"), "utf8")) as Record<string, Expected>;
    let total = 0;
    let reasonOk = 0;
    let classOk = 0;
    for (const [file, exp] of Object.entries(expected)) {
      const report = await parseBounce(fs.readFileSync(path.join(CORPUS, file)));
      exp.recipients.forEach((want, i) => {
        total++;
        const got = report.recipients[i];
        const wantClass = want.status_class === "success" || want.status_class === null ? "delivered" : want.status_class;
        if (got?.reason === want.reason) reasonOk++;
        if (got?.class === wantClass) classOk++;
      });
    }
    const reasonRate = reasonOk / total;
    const classRate = classOk / total;
    console.log(`bounce corpus: ${total} recipients, reason ${(reasonRate * 100).toFixed(1)}%, class ${(classRate * 100).toFixed(1)}%`);
    expect(total).toBeGreaterThan(300);
    expect(reasonRate).toBeGreaterThanOrEqual(MIN_REASON_MATCH);
    expect(classRate).toBeGreaterThanOrEqual(MIN_CLASS_MATCH);
  });

  it("reports nothing for mail that is not a bounce", async () => {
    const report = await parseBounce(fs.readFileSync(path.join(CORPUS, "sisimai/not/is-not-bounce-01.eml")));
    expect(report.isBounce).toBe(false);
    expect(report.recipients).toEqual([]);
  });

  it("reads RFC 3464 per-recipient fields: address, codes, diagnostic", async () => {
    const report = await parseBounce(fs.readFileSync(path.join(CORPUS, "sisimai/lhost-amavis-01.eml")));
    expect(report.isBounce).toBe(true);
    const [r] = report.recipients;
    expect(r?.address).toContain("@");
    expect(r?.enhancedCode).toBe("5.1.1");
    expect(r?.category).toBe("user_unknown");
    expect(r?.severity).toBe("hard");
  });

  it("survives garbage input without throwing", async () => {
    const report = await parseBounce(Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a, 0x0a, 0xc3]));
    expect(report.isBounce).toBe(false);
  });
});

describe("the bounced message's sender", () => {
  it("is read from the returned headers (RFC 3464 message/rfc822 part) of corpus DSNs", async () => {
    const read = async (file: string) => (await parseBounce(fs.readFileSync(path.join(CORPUS, file)))).originalSender;
    expect(await read("sisimai/lhost-postfix-02.eml")).toBe("kijitora@example.jp");
    expect(await read("sisimai/lhost-exim-29.eml")).toBe("shironeko@example.org");
    // Formats that quote the message inline after a marker line instead of attaching it.
    expect(await read("sisimai/lhost-exim-03.eml")).toBe("shironeko@example.jp");
    expect(await read("sisimai/lhost-gmx-01.eml")).toBe("kijitora@mail.example.com");
    expect(await read("sisimai/lhost-qmail-01.eml")).toBe("nekochan@example.jp");
    // This DSN's returned part is empty: no sender rather than a guess.
    expect(await read("sisimai/lhost-postfix-01.eml")).toBeUndefined();
  });

  it("takes From, else Sender, else Return-Path, and never the null reverse path", () => {
    expect(returnedSender('From: "Shop, Inc." <News@Shop.example>\r\nTo: a@b.example\r\n\r\nbody From: x@y.example')).toBe(
      "news@shop.example",
    );
    expect(returnedSender("Sender: list-bounces@lists.example\nReturn-Path: <other@x.example>\n\n")).toBe("list-bounces@lists.example");
    expect(returnedSender("Return-Path: <>\nSubject: hi\n\n")).toBe("");
    expect(returnedSender("From: undisclosed\n\n")).toBe("");
    expect(returnedSender("")).toBe("");
  });

  it("finds an inline-quoted original after its marker line, and nothing without one", () => {
    const quoted = inlineReturned(
      "Delivery failed.\n\n------ This is a copy of the message, including all the headers. ------\n\nFrom: a@b.example\nSubject: x\n\nbody",
    );
    expect(quoted.startsWith("From: a@b.example")).toBe(true);
    expect(returnedSender(quoted)).toBe("a@b.example");
    expect(inlineReturned("From: a@b.example\n\nno marker here")).toBe("");
  });
});
