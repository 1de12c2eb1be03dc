import { describe, expect, it } from "vitest";

import { parseBounce } from "../dsn.ts";

/** A minimal bounce mail: headers, blank line, body (LF line ends; mailparser accepts both). */
function mail(headers: Record<string, string>, body: string): string {
  return `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n")}\n\n${body}`;
}

describe("generator formats (lhost)", () => {
  it("reads an Exim retry timeout as expired and transient", async () => {
    const raw = mail(
      {
        From: "Mail Delivery System <Mailer-Daemon@mx.example.net>",
        To: "sender@example.org",
        Subject: "Mail delivery failed: returning message to sender",
        "Message-Id": "<E1P1YNN-0003AD-Ga@mx.example.net>",
      },
      "This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  user@example.com\n    retry timeout exceeded\n",
    );
    const r = await parseBounce(raw);
    expect(r.recipients[0]?.address).toBe("user@example.com");
    expect(r.recipients[0]?.reason).toBe("expired");
    expect(r.recipients[0]?.class).toBe("transient");
  });

  it("takes qmail's stage from its own wording: a rejected HELO is blocked", async () => {
    const raw = mail(
      { From: "MAILER-DAEMON@mx.example.net", To: "sender@example.org", Subject: "failure notice" },
      "Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n\n<user@example.com>:\nConnected to 192.0.2.1 but my name was rejected.\nRemote host said: 501 5.0.0 Invalid domain name\n",
    );
    const r = await parseBounce(raw);
    expect(r.recipients[0]?.reason).toBe("blocked");
  });

  it("reads Exchange 2003's MSEXCH code as the reason", async () => {
    const raw = mail(
      {
        From: "System Administrator <postmaster@example.com>",
        To: "sender@example.org",
        Subject: "Undeliverable: hello",
        "X-MimeOLE": "Produced By Microsoft Exchange V6.5",
      },
      "Your message\n\n  To:      user@example.com\n  Subject: hello\n  Sent:    Thu, 29 Apr 2010 00:00:00 -0000\n\ndid not reach the following recipient(s):\n\nuser@example.com on Thu, 29 Apr 2010 00:00:00 -0000\n    The recipient name is not recognized\n    MSEXCH:IMS:EXAMPLE:SITE:SERVER 0 (000C05A6) Unknown Recipient\n",
    );
    const r = await parseBounce(raw);
    expect(r.recipients[0]?.address).toBe("user@example.com");
    expect(r.recipients[0]?.reason).toBe("userunknown");
    expect(r.recipients[0]?.severity).toBe("hard");
  });

  it("reads PowerMTA's bounce category from its DSN extension field", async () => {
    const raw = mail(
      {
        From: "postmaster@example.net",
        To: "sender@example.org",
        Subject: "Delivery report",
        "Content-Type": 'multipart/report; report-type=delivery-status; boundary="b"',
      },
      "--b\nContent-Type: text/plain\n\nDelivery failed.\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns;example.net\n\nFinal-Recipient: rfc822;user@example.com\nAction: failed\nStatus: 5.0.0 (undefined status)\nDiagnostic-Code: smtp;554 delivery error: dd This user doesn't have an account\nX-PowerMTA-BounceCategory: bad-mailbox\n\n--b--\n",
    );
    const r = await parseBounce(raw);
    expect(r.recipients[0]?.reason).toBe("userunknown");
  });

  it("treats an RFC 3834 auto-reply as a reply, not a bounce", async () => {
    const raw = mail(
      { From: "person@example.com", To: "sender@example.org", Subject: "Re: hello", "Auto-Submitted": "auto-replied" },
      "I am out of the office until Monday.\n",
    );
    const r = await parseBounce(raw);
    expect(r.isBounce).toBe(false);
    expect(r.recipients[0]?.reason).toBe("vacation");
  });

  it("reads every message of an mbox file", async () => {
    const dsn = (rcpt: string) =>
      mail(
        {
          From: "MAILER-DAEMON@mx.example.net (Mail Delivery System)",
          To: "sender@example.org",
          Subject: "Mail Delivery Status Report",
          "Content-Type": 'multipart/report; report-type=delivery-status; boundary="b"',
        },
        `--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; ${rcpt}\nAction: delivered\nStatus: 2.1.5\nDiagnostic-Code: smtp; 250 2.1.5 Ok\n\n--b--\n`,
      );
    const mbox = `From MAILER-DAEMON  Thu Apr 29 23:34:45 2015\n${dsn("a@example.com")}\nFrom MAILER-DAEMON  Thu Apr 29 23:34:46 2015\n${dsn("b@example.com")}`;
    const r = await parseBounce(mbox);
    expect(r.recipients.map((x) => [x.address, x.class])).toEqual([
      ["a@example.com", "delivered"],
      ["b@example.com", "delivered"],
    ]);
  });
});
