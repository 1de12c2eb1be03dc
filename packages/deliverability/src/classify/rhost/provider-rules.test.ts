import { describe, expect, it } from "vitest";

import { classifyFact } from "../classify-reply.ts";
import { findRemoteHost } from "./index.ts";

const where = (destination: string, remoteHost = "", localHost = "") => ({ destination, remoteHost, localHost });

describe("provider rules (rhost)", () => {
  it("picks the provider by recipient domain, then answering host, then reporting host", () => {
    expect(findRemoteHost(where("facebook.com"))?.name).toBe("Facebook");
    expect(findRemoteHost(where("example.ca", "mta6.am0.yahoodns.net"))?.name).toBe("YahooInc");
    expect(findRemoteHost(where("example.com", "", "neko.namprd22.prod.outlook.com"))?.name).toBe("Microsoft");
    expect(findRemoteHost(where("example.com", "mx.example.com"))).toBeUndefined();
  });

  it("reads Yahoo's TSS04 deferral as rejected when Yahoo answered, not as bad reputation", () => {
    const reply = "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints";
    expect(classifyFact({ diagnostic: reply, diagnosticType: "SMTP", remoteHost: "mta6.am0.yahoodns.net" }).reason).toBe("rejected");
    expect(classifyFact({ diagnostic: reply, diagnosticType: "SMTP" }).reason).toBe("badreputation");
  });

  it("maps Orange's OFR/LPN labels and Facebook's response labels to their documented reasons", () => {
    const orange = classifyFact({ diagnostic: "550 5.7.1 Service refused OFR_416 [416]", destination: "orange.fr" });
    expect(orange.reason).toBe("userunknown");
    const fb = classifyFact({ diagnostic: "550 5.1.1 RCP-P2 Refused due to recipient preferences", destination: "facebook.com" });
    expect(fb.reason).toBe("filtered");
  });

  it("matches Mimecast texts only together with their reply code", () => {
    const text = "email rejected due to security policies - MCSpamSignature.sa.2.2";
    expect(classifyFact({ diagnostic: `554 ${text}`, remoteHost: "service222.mimecast.com" }).reason).toBe("virusdetected");
    expect(classifyFact({ diagnostic: `550 ${text}`, remoteHost: "service222.mimecast.com" }).reason).not.toBe("virusdetected");
  });
});

describe("status and class (Sisimai's rules)", () => {
  it("prefers the code in the text over a vague Status field of the same class", () => {
    expect(classifyFact({ status: "5.0.0", diagnostic: "550 5.1.1 <x@example.org>: user unknown" }).enhancedCode).toBe("5.1.1");
  });

  it("takes the class from the reply code when Status and text disagree", () => {
    expect(classifyFact({ status: "5.0.0", diagnostic: "421 4.7.0 try again later" }).class).toBe("transient");
  });

  it("calls a failure without any code permanent unless the text says it is temporary", () => {
    expect(classifyFact({ diagnostic: "Host not reachable", reason: "expired" }).class).toBe("permanent");
    expect(classifyFact({ diagnostic: "Host not reachable, a temporary failure", reason: "expired" }).class).toBe("transient");
  });

  it("joins multi-line replies so a phrase split over lines still matches", () => {
    const reply =
      "550-5.2.1 The user you are trying to contact is receiving mail at a rate that 550-5.2.1 prevents additional messages from being delivered.";
    const c = classifyFact({ diagnostic: reply, diagnosticType: "SMTP" });
    expect(c.reason).toBe("speeding");
    expect(c.diagnostic.startsWith("550 5.2.1 The user")).toBe(true);
  });
});
