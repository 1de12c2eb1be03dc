import { describe, expect, it } from "vitest";

import { classifyReply } from "./classify-reply.ts";

describe("classifyReply", () => {
  it.each([
    ["550 5.1.1 <x@y>: user unknown", "user_unknown", "userunknown", "permanent"],
    [
      "550 5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy",
      "auth_failure",
      "authfailure",
      "permanent",
    ],
    ["552 5.2.2 The email account that you tried to reach is over quota", "mailbox_full", "mailboxfull", "permanent"],
    ["452 4.2.2 Mailbox full", "mailbox_full", "mailboxfull", "transient"],
    ["421 4.7.28 Our system has detected an unusual rate of unsolicited mail; rate limited", "rate_limited", "securityerror", "transient"],
    ["451 4.7.1 Greylisted, please try again in 300 seconds", "greylisted", "spamdetected", "transient"],
    ["550 5.7.1 Service unavailable, Client host [192.0.2.1] blocked using Spamhaus", "reputation_blocklisted", "blocked", "permanent"],
    ["552 5.3.4 Message size exceeds fixed maximum message size", "message_too_large", "mesgtoobig", "permanent"],
    ["550 5.4.4 Host or domain name not found", "domain_not_found", "hostunknown", "permanent"],
    ["554 5.7.1 Message rejected as spam", "spam_content", "spamdetected", "permanent"],
    [
      "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints",
      "rate_limited",
      "badreputation",
      "transient",
    ],
    ["250 2.0.0 OK 1700000000 queued", "delivered", "delivered", "delivered"],
  ])("%s → %s", (reply, category, reason, cls) => {
    const c = classifyReply(reply);
    expect(c.category).toBe(category);
    expect(c.reason).toBe(reason);
    expect(c.class).toBe(cls);
  });

  it("extracts the reply code and enhanced status code", () => {
    const c = classifyReply("550-5.1.1 The email account that you tried to reach does not exist.");
    expect(c.replyCode).toBe("550");
    expect(c.enhancedCode).toBe("5.1.1");
    expect(c.severity).toBe("hard");
  });

  it("derives an internal code when the reply carries none", () => {
    const c = classifyReply("550 Requested action not taken: mailbox unavailable", { command: "RCPT" });
    expect(c.reason).toBe("userunknown");
    expect(c.enhancedCode).toBe("5.0.911");
  });
});
