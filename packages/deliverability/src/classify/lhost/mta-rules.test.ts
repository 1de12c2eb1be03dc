/**
 * Per-MTA rules ported from Sisimai, each checked on a synthetic bounce written from the MTA's own
 * format (source file or documentation cited in the module), never on a copied corpus file.
 */
import { describe, expect, it } from "vitest";

import { parseBounce } from "../dsn.ts";

const mail = (headers: Record<string, string>, body: string) =>
  `${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\n")}\nMIME-Version: 1.0\n\n${body}`;

/** An RFC 3464 multipart/report: human part, delivery-status fields, returned headers. */
function report(headers: Record<string, string>, human: string, fields: string, returned = "From: sender@example.net\nTo: rcpt@example.org\nSubject: hi\n"): string {
  return mail(
    { ...headers, "Content-Type": 'multipart/report; report-type=delivery-status; boundary="XB"' },
    `--XB\nContent-Type: text/plain; charset=us-ascii\n\n${human}\n--XB\nContent-Type: message/delivery-status\n\n${fields}\n--XB\nContent-Type: text/rfc822-headers\n\n${returned}\n--XB--\n`,
  );
}

const POSTFIX = { From: "MAILER-DAEMON@mx.example.net (Mail Delivery System)", To: "sender@example.net", Subject: "Undelivered Mail Returned to Sender" };
const SENDMAIL = { From: "Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>", To: "<sender@example.net>", Subject: "Returned mail: see transcript for details" };

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
        "This is the mail system at host mx.example.net.\n\n<rcpt@example.org>: unknown user: \"rcpt\"",
        "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: X-Postfix; unknown user: \"rcpt\"",
      ),
    );
    expect(r.recipients[0]?.reason).toBe("userunknown");
  });

  it("reads the smtpd transcript of a 'SMTP server: errors from' notice", async () => {
    const r = await parseBounce(
      mail(
        { From: "MAILER-DAEMON@mx.example.net (Mail Delivery System)", To: "postmaster@mx.example.net", Subject: "Postfix SMTP server: errors from client.example.com[192.0.2.9]" },
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
        { From: "Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>", To: "sender@example.net", Subject: "Returned mail: User unknown" },
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
    JSON.stringify({ notificationType: "Bounce", bounce: { bounceType: "Permanent", bounceSubType: "General", reportingMTA: "dsn; a1-2.smtp-out.amazonses.com", ...bounce }, mail: mailObject });

  it("takes the recipient from the mail object's destination when bouncedRecipients names none", async () => {
    const json = notification({ bounceSubType: "NoEmail", bouncedRecipients: [] }, { destination: ["rcpt@example.org"], commonHeaders: { to: ["Rcpt <rcpt@example.org>"] } });
    const r = await parseBounce(mail({ From: "no-reply@sns.amazonaws.com", To: "ops@example.net", Subject: "AWS Notification Message", "Content-Type": "text/plain" }, `${json}\n`));
    expect(r.recipients.map((x) => x.address)).toEqual(["rcpt@example.org"]);
    expect(r.recipients[0]?.class).toBe("permanent");
  });

  it("falls back to the To: header when the notification has no destination either", async () => {
    const json = notification({ bouncedRecipients: [{ action: "failed", status: "5.0.0" }] }, { headers: [{ name: "To", value: "Rcpt <rcpt@example.org>" }] });
    const r = await parseBounce(mail({ From: "no-reply@sns.amazonaws.com", To: "ops@example.net", Subject: "AWS Notification Message", "Content-Type": "text/plain" }, `${json}\n`));
    expect(r.recipients.map((x) => x.address)).toEqual(["rcpt@example.org"]);
  });

  it("unfolds SNS's '!'-folded lines and ignores the unsubscribe footer", async () => {
    const json = notification({ bouncedRecipients: [{ emailAddress: "rcpt@example.org", action: "failed", status: "5.1.1", diagnosticCode: "smtp; 550 5.1.1 user unknown" }] }, {});
    const folded = `${json.slice(0, 60)}!\n ${json.slice(60, 140)}!\n ${json.slice(140)}\n\n--\nIf you wish to stop receiving notifications from this topic, please click below to unsubscribe:\nhttps://sns.us-west-2.amazonaws.com/unsubscribe.html\n`;
    const r = await parseBounce(mail({ From: "no-reply@sns.amazonaws.com", To: "ops@example.net", Subject: "AWS Notification Message", "Content-Type": "text/plain" }, folded));
    expect(r.recipients.map((x) => [x.address, x.reason])).toEqual([["rcpt@example.org", "userunknown"]]);
  });

  it("reads the code inside SES's vague 5.0.0 from the remote's reply in an emailed report", async () => {
    const r = await parseBounce(
      report(
        { From: "MAILER-DAEMON@amazonses.com", To: "sender@example.net", Subject: "Delivery Status Notification (Failure)", "X-SES-Outgoing": "2026.12.07-54.240.0.1" },
        "An error occurred while trying to deliver the mail to the following recipients:\nrcpt@example.org",
        "Reporting-MTA: dns; a1-2.smtp-out.amazonses.com\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 '5.2.2 Mailbox full'",
      ),
    );
    expect(r.recipients[0]?.enhancedCode).toBe("5.2.2");
    expect(r.recipients[0]?.reason).toBe("mailboxfull");
  });
});

describe("DragonFly Mail Agent (dma net.c, dma.c)", () => {
  const dma = (body: string) =>
    mail(
      { From: "MAILER-DAEMON <>", To: "sender@df.example.net", Subject: "Mail delivery failed", Received: "from MAILER-DAEMON id e070f by df.example.net (DragonFly Mail Agent v0.13); Mon, 7 Dec 2026 10:00:00 +0000" },
      `This is the DragonFly Mail Agent v0.13 at df.example.net.\n\n${body}\n\nOriginal message follows.\n\nFrom: sender@df.example.net\n`,
    );

  it("takes the command from 'did not like our RCPT TO:' and reads the reply after it", async () => {
    const r = await parseBounce(dma("There was an error delivering your mail to <rcpt@example.org>.\n\nmx.example.org [192.0.2.25] did not like our RCPT TO:\n550 5.1.1 <rcpt@example.org>: Recipient address rejected: User unknown"));
    expect(r.recipients[0]?.command).toBe("RCPT");
    expect(r.recipients[0]?.reason).toBe("userunknown");
  });

  it("reads its own DNS and give-up errors as hostunknown and expired", async () => {
    const dns = await parseBounce(dma("There was an error delivering your mail to <rcpt@nx.example.org>.\n\nDNS lookup failure: host nx.example.org not found"));
    expect(dns.recipients[0]?.reason).toBe("hostunknown");
    const old = await parseBounce(dma("There was an error delivering your mail to <rcpt@example.org>.\n\nCould not deliver for the last 432000 seconds. Giving up."));
    expect(old.recipients[0]?.reason).toBe("expired");
  });
});

describe("Messaging Server (Oracle)", () => {
  it("reads each 'Recipient address:' block with its diagnostic code", async () => {
    const r = await parseBounce(
      mail(
        { From: "Internet Mail Delivery <postmaster@ms.example.net>", To: "sender@ms.example.net", Subject: "Delivery Notification: Delivery has failed", "Content-Type": "text/plain" },
        "This report relates to a message you sent with the following header fields:\n\n  Message-id: <1@ms.example.net>\n  To: rcpt@example.org\n\nYour message cannot be delivered to the following recipients:\n\n  Recipient address: rcpt@example.org\n  Reason: Remote SMTP server has rejected address\n  Diagnostic code: smtp;550 5.1.1 <rcpt@example.org>... User Unknown\n  Remote system: dns;mx.example.org (TCP|192.0.2.1|47323|192.0.2.225|25)\n",
      ),
    );
    expect(r.recipients.map((x) => [x.address, x.reason, x.enhancedCode])).toEqual([["rcpt@example.org", "userunknown", "5.1.1"]]);
  });
});

describe("RFC 3464 reports from no known generator (Sisimai rfc3464/lib.go)", () => {
  const generic = { From: "Mail Administrator <postmaster@mx.example.net>", To: "sender@example.net", Subject: "Returned mail" };

  it("reads a Status comment as part of the explanation", async () => {
    const r = await parseBounce(
      report(generic, "Your message could not be delivered.", "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 5.2.1 (mailbox disabled, not accepting messages)\nDiagnostic-Code: smtp; 550 5.2.1 Rejected"),
    );
    expect(r.recipients[0]?.diagnostic).toContain("mailbox disabled");
    expect(r.recipients[0]?.reason).toBe("suspend");
  });

  it("reads the notice's own words with a terse Diagnostic-Code when it reports one recipient", async () => {
    const r = await parseBounce(
      report(generic, "The mailbox rcpt@example.org does not exist on this system.", "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 5.0.0 Rejected"),
    );
    expect(r.recipients[0]?.diagnostic).toContain("does not exist");
    expect(r.recipients[0]?.reason).not.toBe("onhold");
  });

  it("takes a bare RCPT in the reply as the command, so a 5.0.0 'no such user' is userunknown", async () => {
    const r = await parseBounce(
      report(generic, "Delivery failed.", "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 5.0.0 RCPT TO:<rcpt@example.org> No such user"),
    );
    expect(r.recipients[0]?.command).toBe("RCPT");
    expect(r.recipients[0]?.reason).toBe("userunknown");
  });
});

describe("Exchange 2007 and later (NDR codes)", () => {
  it("reads RESOLVER.ADR.RecipNotFound as userunknown even under a vague 5.0.0", async () => {
    const r = await parseBounce(
      report(
        { From: "Microsoft Outlook <postmaster@example.onmicrosoft.com>", To: "sender@example.net", Subject: "Undeliverable: hi", "Content-Language": "en-US" },
        "Delivery has failed to these recipients or groups:\n\nrcpt@example.org\n\nDiagnostic information for administrators:\n\nGenerating server: EX1.example.org\n\nrcpt@example.org\n#550 5.0.0 RESOLVER.ADR.RecipNotFound; not found ##",
        "Reporting-MTA: dns; EX1.example.org\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 5.0.0 RESOLVER.ADR.RecipNotFound; not found",
      ),
    );
    expect(r.recipients[0]?.reason).toBe("userunknown");
  });

  it("reads QUEUE.Expired as expired", async () => {
    const r = await parseBounce(
      report(
        { From: "postmaster@outlook.com", To: "sender@example.net", Subject: "Undeliverable: hi" },
        "Diagnostic information for administrators:\n\nrcpt@example.org\nRemote Server returned '550 4.4.7 QUEUE.Expired; message expired'",
        "Reporting-MTA: dns; EX1.example.org\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 4.4.7\nDiagnostic-Code: smtp; 550 4.4.7 QUEUE.Expired; message expired",
      ),
    );
    expect(r.recipients[0]?.reason).toBe("expired");
  });
});

describe("qmail (qmail-send.c)", () => {
  it("names the failed address of a bounce that bounced, though it is the address the notice is sent to", async () => {
    const r = await parseBounce(
      mail(
        { From: "MAILER-DAEMON@mx.example.net", To: "sender@example.net", Subject: "failure notice" },
        "Hi. This is the qmail-send program at mx.example.net.\nI tried to deliver a bounce message to this address, but the bounce bounced!\n\n<sender@example.net>:\n192.0.2.1 does not like recipient.\nRemote host said: 550 5.1.1 User unknown\nGiving up on 192.0.2.1.\n\n--- Below this line is the original bounce.\n\nReturn-Path: <>\nTo: sender@example.net\n",
      ),
    );
    expect(r.recipients.map((x) => [x.address, x.command, x.reason])).toEqual([["sender@example.net", "RCPT", "userunknown"]]);
  });

  it("reads a 5.0.0 'No such user' refused at RCPT ('does not like recipient') as userunknown", async () => {
    const r = await parseBounce(
      mail(
        { From: "MAILER-DAEMON@mx.example.net", To: "sender@example.net", Subject: "failure notice" },
        "Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n\n<rcpt@example.org>:\n192.0.2.1 does not like recipient.\nRemote host said: 550 5.0.0 <rcpt@example.org>... No such user\nGiving up on 192.0.2.1.\n",
      ),
    );
    expect(r.recipients[0]?.reason).toBe("userunknown");
  });
});

describe("au EZweb (KDDI)", () => {
  const au = { From: "<Postmaster@ezweb.ne.jp>", To: "sender@example.net", Subject: "Mail System Error - Returned Mail", "Message-Id": "<20261207000000.F0000@lsean.ezweb.ne.jp>" };

  it("reads 'The user(s) account is disabled.' as suspend", async () => {
    const r = await parseBounce(mail(au, "The user(s) account is disabled.\n\n<neko@ezweb.ne.jp>: 550 user unknown (in reply to RCPT TO command)\n"));
    expect(r.recipients.map((x) => [x.address, x.reason])).toEqual([["neko@ezweb.ne.jp", "suspend"]]);
  });

  it("reads X-SPASIGN: NG (au's spam filter) as filtered", async () => {
    const r = await parseBounce(mail({ ...au, "X-SPASIGN": "NG" }, "Your message to the following recipients was not delivered.\n\n<neko@ezweb.ne.jp>: 550 Rejected\n"));
    expect(r.recipients[0]?.reason).toBe("filtered");
  });
});

describe("unidentified generators X1 and X3 (Sisimai's names)", () => {
  it("X1: reads 'addr [reason]' lines", async () => {
    const r = await parseBounce(
      mail(
        { From: '"Mail Deliver System" <MAILER-DAEMON@mx.example.net>', To: "sender@example.net", Subject: "Returned Mail: User unknown" },
        "The original message was received at Mon, 7 Dec 2026 10:00:00 +0900 (JST)\nfrom sender@example.net\n\n---The following addresses had delivery errors---\n\nrcpt@example.org [User unknown]\n",
      ),
    );
    expect(r.recipients.map((x) => x.address)).toEqual(["rcpt@example.org"]);
    expect(r.recipients[0]?.diagnostic).toContain("rcpt@example.org [User unknown]");
  });

  it("X3: takes the command from 'SMTP:RCPT host …' in the technical details", async () => {
    const r = await parseBounce(
      mail(
        { From: "Mail Delivery System <MAILER-DAEMON@mx.example.net>", To: "sender@example.net", Subject: "Delivery status notification: error" },
        "============================================================================\n      This is an automatically generated Delivery Status Notification.\n\nDelivery to the following recipients failed permanently:\n\n  * rcpt@example.org\n\n============================================================================\n                            Technical details:\n\nSMTP:RCPT host 192.0.2.8: 553 5.3.0 <rcpt@example.org>... No such user here\n",
      ),
    );
    expect(r.recipients.map((x) => [x.address, x.command, x.reason])).toEqual([["rcpt@example.org", "RCPT", "userunknown"]]);
  });
});

describe("Google Workspace notices without DSN fields", () => {
  it("takes the recipient from the returned To: and reads 'the address couldn't be found' as userunknown", async () => {
    const r = await parseBounce(
      mail(
        { From: "Mail Delivery Subsystem <mailer-daemon@googlemail.com>", To: "sender@example.net", Subject: "Delivery Status Notification (Failure)", "Content-Type": 'multipart/mixed; boundary="GB"' },
        "--GB\nContent-Type: text/plain; charset=UTF-8\n\n** Address not found **\n\nYour message wasn't delivered to rcpt@example.org because the address couldn't be found. Check for typos or unnecessary spaces and try again.\n\n--GB\nContent-Type: message/rfc822\n\nFrom: sender@example.net\nTo: rcpt@example.org\nSubject: hi\n\nhello\n--GB--\n",
      ),
    );
    expect(r.recipients.map((x) => [x.address, x.reason])).toEqual([["rcpt@example.org", "userunknown"]]);
  });
});

describe("m-FILTER (Digital Arts)", () => {
  it("reads the server message and the command from their marked sections", async () => {
    const r = await parseBounce(
      mail(
        { From: "MAILER-DAEMON@mf.example.net", To: "sender@example.net", Subject: "failure notice", "X-Mailer": "m-FILTER" },
        "rcpt@example.org\n\n-------server message\n550 5.1.1 unknown user <rcpt@example.org>\n\n-------SMTP command\nRCPT TO\n\n-------original message\nFrom: sender@example.net\n",
      ),
    );
    expect(r.recipients.map((x) => [x.address, x.command, x.reason])).toEqual([["rcpt@example.org", "RCPT", "userunknown"]]);
  });
});
