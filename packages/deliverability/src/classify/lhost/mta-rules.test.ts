/**
 * Per-MTA rules ported from Sisimai, each checked on a synthetic bounce written from the MTA's own
 * format (source file or documentation cited in the module), never on a copied corpus file.
 */
import { describe, expect, it } from "vitest";

import { parseBounce } from "../dsn.ts";

const mail = (headers: Record<string, string>, body: string) =>
  `${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n")}\nMIME-Version: 1.0\n\n${body}`;

/** An RFC 3464 multipart/report: human part, delivery-status fields, returned headers. */
function report(
  headers: Record<string, string>,
  human: string,
  fields: string,
  returned = "From: sender@example.net\nTo: rcpt@example.org\nSubject: hi\n",
): string {
  return mail(
    { ...headers, "Content-Type": 'multipart/report; report-type=delivery-status; boundary="XB"' },
    `--XB\nContent-Type: text/plain; charset=us-ascii\n\n${human}\n--XB\nContent-Type: message/delivery-status\n\n${fields}\n--XB\nContent-Type: text/rfc822-headers\n\n${returned}\n--XB--\n`,
  );
}

const POSTFIX = {
  From: "MAILER-DAEMON@mx.example.net (Mail Delivery System)",
  To: "sender@example.net",
  Subject: "Undelivered Mail Returned to Sender",
};
const SENDMAIL = {
  From: "Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>",
  To: "<sender@example.net>",
  Subject: "Returned mail: see transcript for details",
};

describe("Postfix (bounce(8), smtp_proto.c)", () => {
  it("never reports a delayed 4.3.0 recipient as delivered", async () => {
    const r = await parseBounce(
      report(
        { ...POSTFIX, Subject: "Delayed Mail (still being retried)" },
        "This is the mail system at host mx.example.net.\n\n# THIS IS A WARNING ONLY.\n\n<rcpt@example.org>: mail for example.org loops back to myself",
        "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: delayed\nStatus: 4.3.0\nDiagnostic-Code: X-Postfix; mail for example.org loops back to myself\nWill-Retry-Until: Mon, 7 Dec 2026 10:00:00 +0000",
      ),
    );
    expect(r.isBounce).toBe(true);
    expect(r.recipients[0]?.class).toBe("transient");
    expect(r.recipients[0]?.reason).not.toBe("delivered");
  });

  it("keeps a failed or delayed Action out of 'delivered' even when the reply quotes a 250", async () => {
    const r = await parseBounce(
      report(
        { ...POSTFIX, Subject: "Delayed Mail (still being retried)" },
        "This is the mail system at host mx.example.net.\n\n<rcpt@example.org>: host mx.example.org[192.0.2.1] said: 250 2.0.0 ok, then 451 4.3.0 try later (in reply to end of DATA command)",
        "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: delayed\nStatus: 4.3.0\nDiagnostic-Code: smtp; 250 2.0.0 ok, then 451 4.3.0 try later",
      ),
    );
    expect(r.recipients[0]?.class).toBe("transient");
    expect(r.recipients[0]?.reason).not.toBe("delivered");
  });

  it("reads a 5.0.0 'user unknown' answered at RCPT as userunknown, not filtered", async () => {
    const r = await parseBounce(
      report(
        POSTFIX,
        "This is the mail system at host mx.example.net.\n\n<rcpt@example.org>: host mx.example.org[192.0.2.1] said: 550 5.0.0\n    <rcpt@example.org>: User unknown (in reply to RCPT TO\n    command)",
        "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 5.0.0\nRemote-MTA: dns; mx.example.org\nDiagnostic-Code: smtp; 550 5.0.0 <rcpt@example.org>: User unknown",
      ),
    );
    expect(r.recipients[0]?.command).toBe("RCPT");
    expect(r.recipients[0]?.reason).toBe("userunknown");
  });

  it("reads its own X-Postfix diagnostics with the SMTP reply rules (local recipient table)", async () => {
    const r = await parseBounce(
      report(
        POSTFIX,
        'This is the mail system at host mx.example.net.\n\n<rcpt@example.org>: unknown user: "rcpt"',
        'Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: X-Postfix; unknown user: "rcpt"',
      ),
    );
    expect(r.recipients[0]?.reason).toBe("userunknown");
  });

  it("reads the smtpd transcript of a 'SMTP server: errors from' notice", async () => {
    const r = await parseBounce(
      mail(
        {
          From: "MAILER-DAEMON@mx.example.net (Mail Delivery System)",
          To: "postmaster@mx.example.net",
          Subject: "Postfix SMTP server: errors from client.example.com[192.0.2.9]",
        },
        "Transcript of session follows.\n\n Out: 220 mx.example.net ESMTP Postfix\n In:  EHLO client.example.com\n Out: 250 mx.example.net\n In:  MAIL FROM:<sender@example.com>\n Out: 250 2.1.0 Ok\n In:  RCPT TO:<nobody@example.net>\n Out: 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in\n     local recipient table\n In:  QUIT\n Out: 221 2.0.0 Bye\n",
      ),
    );
    expect(r.recipients.map((x) => x.address)).toEqual(["nobody@example.net"]);
    expect(r.recipients[0]?.command).toBe("RCPT");
    expect(r.recipients[0]?.reason).toBe("userunknown");
  });
});

describe("Sendmail (savemail.c transcript)", () => {
  const fields = (status: string, diag: string) =>
    `Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: RFC822; rcpt@example.org\nAction: failed\nStatus: ${status}\nRemote-MTA: DNS; mx.example.org\nDiagnostic-Code: SMTP; ${diag}`;

  it("reads 'User has moved; please try <x>' (551, 5.1.6) as hasmoved", async () => {
    const r = await parseBounce(
      report(
        SENDMAIL,
        "   ----- The following addresses had permanent fatal errors -----\n<rcpt@example.org>\n    (reason: 551 5.1.6 User has moved; please try <new@example.com>)\n\n   ----- Transcript of session follows -----\n... while talking to mx.example.org.:\n>>> RCPT To:<rcpt@example.org>\n<<< 551 5.1.6 User has moved; please try <new@example.com>\n551 5.1.6 <rcpt@example.org>... User has moved; please try <new@example.com>",
        fields("5.1.6", "551 5.1.6 User has moved; please try <new@example.com>"),
      ),
    );
    expect(r.recipients[0]?.reason).toBe("hasmoved");
  });

  it("reads a refusal with no command line (only '<<<' replies) as blocked, not hasmoved or onhold", async () => {
    const r = await parseBounce(
      report(
        SENDMAIL,
        "   ----- The following addresses had permanent fatal errors -----\n<rcpt@example.org>\n    (reason: 554 Access denied for 192.0.2.7)\n\n   ----- Transcript of session follows -----\n... while talking to mx.example.org.:\n<<< 554 Access denied for 192.0.2.7\n554 5.0.0 Service unavailable",
        fields("5.0.0", "554 Access denied for 192.0.2.7"),
      ),
    );
    expect(r.recipients[0]?.command).toBe("EHLO");
    expect(r.recipients[0]?.reason).toBe("blocked");
  });

  it("reads '... blocked using' text as blocked even after RCPT", async () => {
    const r = await parseBounce(
      report(
        SENDMAIL,
        "   ----- Transcript of session follows -----\n... while talking to mx.example.org.:\n>>> RCPT To:<rcpt@example.org>\n<<< 550 5.7.1 Client host [192.0.2.7] blocked using bl.example.org\n550 5.7.1 <rcpt@example.org>... Client host blocked",
        fields("5.7.1", "550 5.7.1 Client host [192.0.2.7] blocked using bl.example.org"),
      ),
    );
    expect(r.recipients[0]?.command).toBe("RCPT");
    expect(r.recipients[0]?.reason).toBe("blocked");
  });

  it("reads a 5.0.0 'User unknown' answered at RCPT as userunknown", async () => {
    const r = await parseBounce(
      report(
        SENDMAIL,
        "   ----- Transcript of session follows -----\n... while talking to mx.example.org.:\n>>> RCPT To:<rcpt@example.org>\n<<< 550 <rcpt@example.org>... User unknown\n550 5.0.0 <rcpt@example.org>... User unknown",
        fields("5.0.0", "550 <rcpt@example.org>... User unknown"),
      ),
    );
    expect(r.recipients[0]?.reason).toBe("userunknown");
  });
});

describe("V5 sendmail (no DSN fields)", () => {
  it("gives each recipient the replies of its own session, MAIL FROM refusals included", async () => {
    const r = await parseBounce(
      mail(
        {
          From: "Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>",
          To: "sender@example.net",
          Subject: "Returned mail: User unknown",
        },
        "   ----- Transcript of session follows -----\nWhile talking to mx.example.org:\n>>> MAIL From:<sender@example.net>\n<<< 553 <sender@example.net>... blocked using relays.example.org\n554 <one@example.org>... Service unavailable\nWhile talking to mx.example.com:\n>>> RCPT To:<two@example.com>\n<<< 550 <two@example.com>... User unknown\n550 <two@example.com>... User unknown\n\n   ----- Unsent message follows -----\nFrom: sender@example.net\nTo: one@example.org, two@example.com\nSubject: hi\n\nhello\n",
      ),
    );
    expect(r.recipients.map((x) => [x.address, x.reason])).toEqual([
      ["one@example.org", "blocked"],
      ["two@example.com", "userunknown"],
    ]);
  });
});

describe("Amazon SES", () => {
  const notification = (bounce: object, mailObject: object) =>
    JSON.stringify({
      notificationType: "Bounce",
      bounce: { bounceType: "Permanent", bounceSubType: "General", reportingMTA: "dsn; a1-2.smtp-out.amazonses.com", ...bounce },
      mail: mailObject,
    });

  it("takes the recipient from the mail object's destination when bouncedRecipients names none", async () => {
    const json = notification(
      { bounceSubType: "NoEmail", bouncedRecipients: [] },
      { destination: ["rcpt@example.org"], commonHeaders: { to: ["Rcpt <rcpt@example.org>"] } },
    );
    const r = await parseBounce(
      mail(
        { From: "no-reply@sns.amazonaws.com", To: "ops@example.net", Subject: "AWS Notification Message", "Content-Type": "text/plain" },
        `${json}\n`,
      ),
    );
    expect(r.recipients.map((x) => x.address)).toEqual(["rcpt@example.org"]);
    expect(r.recipients[0]?.class).toBe("permanent");
  });

  it("falls back to the To: header when the notification has no destination either", async () => {
    const json = notification(
      { bouncedRecipients: [{ action: "failed", status: "5.0.0" }] },
      { headers: [{ name: "To", value: "Rcpt <rcpt@example.org>" }] },
    );
    const r = await parseBounce(
      mail(
        { From: "no-reply@sns.amazonaws.com", To: "ops@example.net", Subject: "AWS Notification Message", "Content-Type": "text/plain" },
        `${json}\n`,
      ),
    );
    expect(r.recipients.map((x) => x.address)).toEqual(["rcpt@example.org"]);
  });

  it("unfolds SNS's '!'-folded lines and ignores the unsubscribe footer", async () => {
    const json = notification(
      {
        bouncedRecipients: [
          { emailAddress: "rcpt@example.org", action: "failed", status: "5.1.1", diagnosticCode: "smtp; 550 5.1.1 user unknown" },
        ],
      },
      {},
    );
    const folded = `${json.slice(0, 60)}!\n ${json.slice(60, 140)}!\n ${json.slice(140)}\n\n--\nIf you wish to stop receiving notifications from this topic, please click below to unsubscribe:\nhttps://sns.us-west-2.amazonaws.com/unsubscribe.html\n`;
    const r = await parseBounce(
      mail(
        { From: "no-reply@sns.amazonaws.com", To: "ops@example.net", Subject: "AWS Notification Message", "Content-Type": "text/plain" },
        folded,
      ),
    );
    expect(r.recipients.map((x) => [x.address, x.reason])).toEqual([["rcpt@example.org", "userunknown"]]);
  });

  it("reads the code inside SES's vague 5.0.0 from the remote's reply in an emailed report", async () => {
    const r = await parseBounce(
      report(
        {
          From: "MAILER-DAEMON@amazonses.com",
          To: "sender@example.net",
          Subject: "Delivery Status Notification (Failure)",
          "X-SES-Outgoing": "2026.12.07-54.240.0.1",
        },
        "An error occurred while trying to deliver the mail to the following recipients:\nrcpt@example.org",
        "Reporting-MTA: dns; a1-2.smtp-out.amazonses.com\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 '5.2.2 Mailbox full'",
      ),
    );
    expect(r.recipients[0]?.enhancedCode).toBe("5.2.2");
    expect(r.recipients[0]?.reason).toBe("mailboxfull");
  });
});
