import { describe, expect, it } from "vitest";

import { classifyFact } from "./classify-reply.ts";
import { reasonFromLocalAgent } from "./lda.ts";

describe("local delivery agents (Sisimai lda)", () => {
  it("reads the agent's own quota and unknown-user messages", () => {
    expect(reasonFromLocalAgent("mail.local: Disc quota exceeded", "")).toBe("mailboxfull");
    expect(reasonFromLocalAgent("maildrop: Invalid user specified.", "")).toBe("userunknown");
    expect(reasonFromLocalAgent("Your message to <neko@example.org> was automatically rejected: Quota exceeded", "DATA")).toBe(
      "mailboxfull",
    );
  });

  it("calls an agent failure it has no message for a mailer error", () => {
    expect(reasonFromLocalAgent('procmail: Couldn\'t create "/var/mail/tmp.neko.22"', "")).toBe("mailererror");
  });

  it("does not apply to a reply given at an SMTP stage before DATA", () => {
    expect(reasonFromLocalAgent("550 maildrop: Invalid user specified.", "RCPT")).toBe("");
  });

  it("decides before the generic phrases in the classifier", () => {
    const c = classifyFact({ diagnostic: "mail.local: unknown user: neko", diagnosticType: "X-UNIX", status: "5.0.0" });
    expect(c.reason).toBe("userunknown");
  });
});
