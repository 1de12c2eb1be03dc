/** Provider rules ported from Sisimai's rhost/for-*.go, each on a reply written from the provider's documentation. */
import { describe, expect, it } from "vitest";

import { classifyFact } from "../classify-reply.ts";
import { findRemoteHost } from "./index.ts";

const GMAIL_MX = "gmail-smtp-in.l.google.com";

describe("Google (support.google.com/a/answer/3726730)", () => {
  it("needs the phrase and both codes: 'unusual rate of unsolicited mail' at 550 5.7.1 is blocked", () => {
    const reply = "550 5.7.1 Our system has detected an unusual rate of unsolicited mail originating from your IP address.";
    expect(classifyFact({ diagnostic: reply, diagnosticType: "SMTP", remoteHost: GMAIL_MX }).reason).toBe("blocked");
  });

  it("matches the same row for the transient form of a documented reply (class digit ignored)", () => {
    const reply =
      "452 4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp";
    const c = classifyFact({ diagnostic: reply, diagnosticType: "SMTP", remoteHost: GMAIL_MX });
    expect(c.reason).toBe("mailboxfull");
    expect(c.class).toBe("transient");
  });

  it("reads 'account that you tried to reach is inactive' (5.2.1) as suspend, not filtered", () => {
    const reply =
      "550 5.2.1 The email account that you tried to reach is inactive. For more information, go to https://support.google.com/mail/?p=DisabledUser";
    expect(classifyFact({ diagnostic: reply, diagnosticType: "SMTP", remoteHost: GMAIL_MX }).reason).toBe("suspend");
  });

  it("applies only to Google's MXs", () => {
    expect(findRemoteHost({ destination: "example.com", remoteHost: "alt1.aspmx.l.google.com", localHost: "" })?.name).toBe("Google");
    expect(findRemoteHost({ destination: "example.com", remoteHost: "mx.example.com", localHost: "" })).toBeUndefined();
  });
});

describe("other documented providers", () => {
  it("KDDI: '550 : User unknown' is its reception filter, '550 <addr>: User unknown' a missing mailbox", () => {
    expect(classifyFact({ diagnostic: "550 : User unknown", destination: "ezweb.ne.jp" }).reason).toBe("filtered");
    expect(classifyFact({ diagnostic: "550 <neko@ezweb.ne.jp>: User unknown", destination: "ezweb.ne.jp" }).reason).toBe("userunknown");
  });

  it("Apple: 'recipient no longer on server' is hasmoved, 'user is over quota' mailboxfull", () => {
    expect(
      classifyFact({
        diagnostic: "550 5.1.6 recipient no longer on server: neko@icloud.com",
        destination: "icloud.com",
        remoteHost: "mx01.mail.icloud.com",
      }).reason,
    ).toBe("hasmoved");
    expect(classifyFact({ diagnostic: "552 5.2.2 <neko@icloud.com>: user is over quota", remoteHost: "mx01.mail.icloud.com" }).reason).toBe(
      "mailboxfull",
    );
  });

  it("Tencent: 'suspected spam ip' is a block of the sender, 'mailbox not found' a missing user", () => {
    expect(classifyFact({ diagnostic: "550 Mail content denied. suspected spam ip", remoteHost: "mx3.qq.com" }).reason).toBe("blocked");
    expect(
      classifyFact({ diagnostic: "550 Mailbox not found. https://service.mail.qq.com/detail/122/169", remoteHost: "mx3.qq.com" }).reason,
    ).toBe("userunknown");
  });

  it("Cox: the AUP# code decides before the wording", () => {
    expect(classifyFact({ diagnostic: "554 5.7.1 AUP#CXDNS Connection refused", remoteHost: "mx.east.cox.net" }).reason).toBe("requireptr");
  });

  it("i.ua: the error page number in the reply decides", () => {
    expect(classifyFact({ diagnostic: "550 Mailbox is full, see https://mail.i.ua/err/4/", remoteHost: "mx.email.ua" }).reason).toBe(
      "mailboxfull",
    );
  });

  it("Outlook.com: 'Requested action not taken: mailbox unavailable' is userunknown", () => {
    expect(
      classifyFact({ diagnostic: "550 Requested action not taken: mailbox unavailable (3150)", remoteHost: "mx1.hotmail.com" }).reason,
    ).toBe("userunknown");
  });
});
