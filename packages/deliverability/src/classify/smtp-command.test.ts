import { describe, expect, it } from "vitest";

import { findCommand } from "./smtp-command.ts";

describe("findCommand (Sisimai smtp/command.Find)", () => {
  it("names the command of a transcript line", () => {
    expect(findCommand(">>> RCPT To:<kijitora@example.org>")).toBe("RCPT");
    expect(findCommand(">>> MAIL From:<shironeko@example.jp> SIZE=1024")).toBe("MAIL");
    expect(findCommand(">>> DATA")).toBe("DATA");
  });

  it("ignores command words inside addresses and host names", () => {
    expect(findCommand("550 <DATABASE@EXAMPLE.JP>... User unknown")).toBe("");
    expect(findCommand("host EHLOSERVER.example.org refused")).toBe("");
  });

  it("takes the later stage when a text names several commands", () => {
    expect(findCommand("after MAIL FROM:<a@b.example> and RCPT TO:<c@d.example>")).toBe("RCPT");
  });
});
