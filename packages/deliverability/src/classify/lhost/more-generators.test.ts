/**
 * Per-MTA rules ported from Sisimai (the less common generators; Postfix, Sendmail and SES are in
 * mta-rules.test.ts), each checked on a synthetic bounce written from the generator's own format.
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

describe("DragonFly Mail Agent (dma net.c, dma.c)", () => {
  const dma = (body: string) =>
    mail(
      {
        From: "MAILER-DAEMON <>",
        To: "sender@df.example.net",
        Subject: "Mail delivery failed",
        Received: "from MAILER-DAEMON id e070f by df.example.net (DragonFly Mail Agent v0.13); Mon, 7 Dec 2026 10:00:00 +0000",
      },
      `This is the DragonFly Mail Agent v0.13 at df.example.net.\n\n${body}\n\nOriginal message follows.\n\nFrom: sender@df.example.net\n`,
    );

  it("takes the command from 'did not like our RCPT TO:' and reads the reply after it", async () => {
    const r = await parseBounce(
      dma(
        "There was an error delivering your mail to <rcpt@example.org>.\n\nmx.example.org [192.0.2.25] did not like our RCPT TO:\n550 5.1.1 <rcpt@example.org>: Recipient address rejected: User unknown",
      ),
    );
    expect(r.recipients[0]?.command).toBe("RCPT");
    expect(r.recipients[0]?.reason).toBe("userunknown");
  });

  it("reads its own DNS and give-up errors as hostunknown and expired", async () => {
    const dns = await parseBounce(
      dma("There was an error delivering your mail to <rcpt@nx.example.org>.\n\nDNS lookup failure: host nx.example.org not found"),
    );
    expect(dns.recipients[0]?.reason).toBe("hostunknown");
    const old = await parseBounce(
      dma("There was an error delivering your mail to <rcpt@example.org>.\n\nCould not deliver for the last 432000 seconds. Giving up."),
    );
    expect(old.recipients[0]?.reason).toBe("expired");
  });
});

describe("Messaging Server (Oracle)", () => {
  it("reads each 'Recipient address:' block with its diagnostic code", async () => {
    const r = await parseBounce(
      mail(
        {
          From: "Internet Mail Delivery <postmaster@ms.example.net>",
          To: "sender@ms.example.net",
          Subject: "Delivery Notification: Delivery has failed",
          "Content-Type": "text/plain",
        },
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
      report(
        generic,
        "Your message could not be delivered.",
        "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 5.2.1 (mailbox disabled, not accepting messages)\nDiagnostic-Code: smtp; 550 5.2.1 Rejected",
      ),
    );
    expect(r.recipients[0]?.diagnostic).toContain("mailbox disabled");
    expect(r.recipients[0]?.reason).toBe("suspend");
  });

  it("reads the notice's own words with a terse Diagnostic-Code when it reports one recipient", async () => {
    const r = await parseBounce(
      report(
        generic,
        "The mailbox rcpt@example.org does not exist on this system.",
        "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 5.0.0 Rejected",
      ),
    );
    expect(r.recipients[0]?.diagnostic).toContain("does not exist");
    expect(r.recipients[0]?.reason).not.toBe("onhold");
  });

  it("takes a bare RCPT in the reply as the command, so a 5.0.0 'no such user' is userunknown", async () => {
    const r = await parseBounce(
      report(
        generic,
        "Delivery failed.",
        "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 5.0.0 RCPT TO:<rcpt@example.org> No such user",
      ),
    );
    expect(r.recipients[0]?.command).toBe("RCPT");
    expect(r.recipients[0]?.reason).toBe("userunknown");
  });
});

describe("Exchange 2007 and later (NDR codes)", () => {
  it("reads RESOLVER.ADR.RecipNotFound as userunknown even under a vague 5.0.0", async () => {
    const r = await parseBounce(
      report(
        {
          From: "Microsoft Outlook <postmaster@example.onmicrosoft.com>",
          To: "sender@example.net",
          Subject: "Undeliverable: hi",
          "Content-Language": "en-US",
        },
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
  const au = {
    From: "<Postmaster@ezweb.ne.jp>",
    To: "sender@example.net",
    Subject: "Mail System Error - Returned Mail",
    "Message-Id": "<20261207000000.F0000@lsean.ezweb.ne.jp>",
  };

  it("reads 'The user(s) account is disabled.' as suspend", async () => {
    const r = await parseBounce(
      mail(au, "The user(s) account is disabled.\n\n<neko@ezweb.ne.jp>: 550 user unknown (in reply to RCPT TO command)\n"),
    );
    expect(r.recipients.map((x) => [x.address, x.reason])).toEqual([["neko@ezweb.ne.jp", "suspend"]]);
  });

  it("reads X-SPASIGN: NG (au's spam filter) as filtered", async () => {
    const r = await parseBounce(
      mail(
        { ...au, "X-SPASIGN": "NG" },
        "Your message to the following recipients was not delivered.\n\n<neko@ezweb.ne.jp>: 550 Rejected\n",
      ),
    );
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
        {
          From: "Mail Delivery System <MAILER-DAEMON@mx.example.net>",
          To: "sender@example.net",
          Subject: "Delivery status notification: error",
        },
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
        {
          From: "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
          To: "sender@example.net",
          Subject: "Delivery Status Notification (Failure)",
          "Content-Type": 'multipart/mixed; boundary="GB"',
        },
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

describe("appliances (Active!hunter, Apache James, InterScan MSS, MailFoundry)", () => {
  it("Active!hunter: '>>> addr <addr>' then the reply", async () => {
    const r = await parseBounce(
      mail(
        { From: "MAILER-DAEMON@ah.example.net", To: "sender@example.net", Subject: "Returned mail", "X-AHMailID": "1234" },
        "  ----- The following addresses had permanent fatal errors -----\n\n>>> rcpt@example.org <rcpt@example.org>\n\n  ----- Transcript of session follows -----\n550 sorry, no mailbox here by that name (#5.1.1 - chkusr)\n",
      ),
    );
    expect(r.recipients.map((x) => [x.address, x.reason])).toEqual([["rcpt@example.org", "userunknown"]]);
  });

  it("Apache James: the error above 'Message details:' explains each 'RCPT TO:' recipient", async () => {
    const r = await parseBounce(
      mail(
        { From: "postmaster@james.example.net", To: "sender@example.net", Subject: "[BOUNCE]" },
        "Hi. This is the James mail server at james.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nError message below:\n550 - Requested action not taken: no such user here\n\nMessage details:\n  Subject: hi\n  MAIL FROM: sender@example.net\n  RCPT TO: rcpt@example.org\n",
      ),
    );
    expect(r.recipients.map((x) => x.address)).toEqual(["rcpt@example.org"]);
    expect(r.recipients[0]?.diagnostic).toContain("no such user here");
  });

  it("InterScan MSS: 'Sent <<< RCPT TO:' gives the command, 'Received >>>' the reply", async () => {
    const r = await parseBounce(
      mail(
        { From: '"InterScan MSS" <postmaster@is.example.net>', To: "sender@example.net", Subject: "Mail could not be delivered" },
        "Sent <<< RCPT TO:<rcpt@example.org>\nReceived >>> 550 5.1.1 <rcpt@example.org>... user unknown\n",
      ),
    );
    expect(r.recipients.map((x) => [x.address, x.command, x.reason])).toEqual([["rcpt@example.org", "RCPT", "userunknown"]]);
  });

  it("MailFoundry: the reason block after 'Delivery failed for the following reason:'", async () => {
    const r = await parseBounce(
      mail(
        {
          From: "MAILER-DAEMON@mf.example.net",
          To: "sender@example.net",
          Subject: "Message delivery has failed",
          Received: "From localhost (127.0.0.1) by smtp9.mf.example.net (MAILFOUNDRY) id 1",
        },
        "Unable to deliver message to: <rcpt@example.org>\nDelivery failed for the following reason:\nServer mx.example.org[192.0.2.2] failed with: 550 <rcpt@example.org> No such user here\n\nThis has been a permanent failure.  No further delivery attempts will be made.\n",
      ),
    );
    expect(r.recipients[0]?.address).toBe("rcpt@example.org");
    expect(r.recipients[0]?.diagnostic).toContain("No such user here");
  });
});

describe("Courier MTA (courierdsn)", () => {
  it("takes the command from the transcript's '>>> RCPT TO:' so a 5.0.0 'User Unknown' is userunknown", async () => {
    const r = await parseBounce(
      report(
        {
          From: "Courier mail server at mx.example.net <@>",
          To: "sender@example.net",
          Subject: "NOTICE: mail delivery status.",
          "Message-Id": "<courier.4D025E3A.00001792@mx.example.net>",
        },
        "This is a delivery status notification from mx.example.net,\nrunning the Courier mail server, version 0.65.2.\n\n                          UNDELIVERABLE MAIL\n\nYour message to the following recipients cannot be delivered:\n\n<rcpt@example.org>:\n   mx.example.org [192.0.2.95]:\n>>> RCPT TO:<rcpt@example.org>\n<<< 550 5.0.0 <rcpt@example.org>... User Unknown\n",
        "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 5.0.0 <rcpt@example.org>... User Unknown",
      ),
    );
    expect(r.recipients.map((x) => [x.command, x.reason])).toEqual([["RCPT", "userunknown"]]);
  });
});

describe("GMX and 1&1", () => {
  it("GMX: the command from 'SMTP error from remote server after RCPT command:'", async () => {
    const r = await parseBounce(
      mail(
        {
          From: "Mail Delivery System <mailer-daemon@gmx.net>",
          To: "sender@gmx.net",
          Subject: "Mail delivery failed: returning message to sender",
          "X-GMX-Antispam": "0 (Mail was not recognized as spam)",
        },
        'This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of\nits recipients. This is a permanent error. The following address\nfailed:\n\n"rcpt@example.org":\nSMTP error from remote server after RCPT command:\nhost: mx.example.org\n5.0.0 <rcpt@example.org>... User Unknown\n\n--- The header of the original message is following. ---\n',
      ),
    );
    expect(r.recipients.map((x) => [x.address, x.command, x.reason])).toEqual([["rcpt@example.org", "RCPT", "userunknown"]]);
  });

  it("1&1: 'Mail size limit exceeded' under 'For the following reason:' is mesgtoobig", async () => {
    const r = await parseBounce(
      mail(
        {
          From: '"Mail Delivery System" <mailer-daemon@kundenserver.de>',
          To: "sender@example.de",
          Subject: "Mail delivery failed: returning message to sender",
        },
        "This message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of\nits recipients. This is a permanent error. The following address failed:\n\nrcpt@example.eu\n\nFor the following reason:\n\nMail size limit exceeded. For explanation visit\nhttp://postmaster.1and1.com/en/error-messages\n\n--- The header of the original message is following. ---\n",
      ),
    );
    expect(r.recipients.map((x) => [x.address, x.reason])).toEqual([["rcpt@example.eu", "mesgtoobig"]]);
  });
});

describe("X6 and Mimecast notices", () => {
  it("X6: 'SMTP Server <host> rejected recipient <addr> (Error following RCPT command)'", async () => {
    const r = await parseBounce(
      mail(
        { From: "Mail Delivery <postmaster@x6.example.net>", To: "sender@example.net", Subject: "There was an error sending your mail" },
        "We had trouble delivering your message. Full details follow:\n\nSubject: 'hi'\nDate: 'Mon, 7 Dec 2026 10:00:00 +0000'\n\n1 error(s):\n\nSMTP Server <mx.example.org> rejected recipient <rcpt@example.org>\n  (Error following RCPT command). It responded as follows: [550 5.1.1 User unknown]\n",
      ),
    );
    expect(r.recipients.map((x) => [x.address, x.command, x.reason])).toEqual([["rcpt@example.org", "RCPT", "userunknown"]]);
  });

  it("Mimecast: '-- addr' names the recipient and '-- …' lines explain", async () => {
    const r = await parseBounce(
      mail(
        { From: "Postmaster <postmaster@mimecast.example.net>", To: "sender@example.net", Subject: "[Postmaster] Email Delivery Failure" },
        "An email that you attempted to send to the following address could not be delivered:\n-- rcpt@example.org\n\nThe problem appears to be :\n-- Recipient email address is possibly incorrect\n\nAdditional information follows :\n-- 5.4.1 Recipient address rejected: Access denied.\n",
      ),
    );
    expect(r.recipients.map((x) => x.address)).toEqual(["rcpt@example.org"]);
    expect(r.recipients[0]?.diagnostic).toContain("Recipient address rejected: Access denied");
  });
});

describe("MailMarshal (Trustwave)", () => {
  it("gives the recipients listed under 'were affected' the reason after 'Could not be delivered because of'", async () => {
    const r = await parseBounce(
      mail(
        { From: "MailMarshal <postmaster@mm.example.net>", To: "sender@example.net", Subject: 'Undeliverable Mail: "hi"' },
        "Your message:\n    From:    sender@example.net\n    Subject: hi\n\nCould not be delivered because of\n\n550 5.1.1 User unknown\n\nThe following recipients were affected:\n    rcpt@example.org\n\nAdditional Information\n======================\nOriginal Sender:    <sender@example.net>\n",
      ),
    );
    expect(r.recipients.map((x) => [x.address, x.enhancedCode])).toEqual([["rcpt@example.org", "5.1.1"]]);
    expect(r.recipients[0]?.diagnostic).toContain("550 5.1.1 User unknown");
  });
});

describe("HCL Domino", () => {
  it("reads the French 'non répertorié dans l'annuaire Domino' as userunknown", async () => {
    const r = await parseBounce(
      mail(
        {
          From: "Postmaster <postmaster@domino.example.net>",
          To: "sender@example.net",
          Subject: "DELIVERY_FAILURE: Utilisateur rcpt@example.org non répertorié",
          "Content-Type": "text/plain; charset=utf-8",
        },
        "Your message\n\n  Subject: hi\n\nwas not delivered to:\n\n  rcpt@example.org\n\nbecause:\n\n  Utilisateur rcpt (rcpt@example.org) non répertorié dans l'annuaire Domino\n",
      ),
    );
    expect(r.recipients.map((x) => [x.address, x.reason])).toEqual([["rcpt@example.org", "userunknown"]]);
  });
});
