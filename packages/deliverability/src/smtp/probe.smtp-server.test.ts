import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { probeSmtp } from "./probe.ts";
import {
  FAST_LIMITS,
  LOOPBACK_POLICY,
  fakeResolver,
  makeCertificate,
  startSmtpServer,
  type RunningPeer,
  type TestCertificate,
} from "./test-peers.ts";
import { type ProbeOptions } from "./probe-context.ts";

const USER = "probe-user";
const PASSWORD = "s3cret-Pa55";

let cert: TestCertificate;
let starttls: RunningPeer & { authCalls: number };
let implicit: RunningPeer;
const peers: RunningPeer[] = [];

const base: ProbeOptions = { egressPolicy: LOOPBACK_POLICY, helo: "probe.test", limits: FAST_LIMITS };

beforeAll(async () => {
  cert = makeCertificate("localhost");
  const state = { authCalls: 0 };
  const server = await startSmtpServer({
    name: "mx.test.example",
    key: cert.key,
    cert: cert.cert,
    size: 10_485_760,
    hideENHANCEDSTATUSCODES: false,
    hideDSN: false,
    authMethods: ["PLAIN", "LOGIN"],
    authOptional: true,
    onAuth(auth, _session, callback) {
      state.authCalls += 1;
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(Object.assign(new Error("Authentication credentials invalid"), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("nobody@")) return callback(Object.assign(new Error("No such user"), { responseCode: 550 }));
      if (address.address.startsWith("grey@"))
        return callback(Object.assign(new Error("Greylisted, try again later"), { responseCode: 450 }));
      callback();
    },
  });
  starttls = Object.assign(server, {
    get authCalls() {
      return state.authCalls;
    },
  });
  implicit = await startSmtpServer({ name: "smtps.test.example", secure: true, key: cert.key, cert: cert.cert, authOptional: true });
  peers.push(server, implicit);
});

afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
});

const local = (port: number, mode: "auto" | "starttls" | "tls" | "plain" = "auto") => ({ host: "127.0.0.1", port, mode });

describe("probeSmtp against smtp-server on loopback", () => {
  it("records banner, EHLO capabilities, STARTTLS with a self-signed certificate, and EHLO again", async () => {
    const result = await probeSmtp(local(starttls.port), base);
    expect(result.outcome).toEqual({ kind: "ok" });
    expect(result.connected).toEqual({ host: "127.0.0.1", address: "127.0.0.1", port: starttls.port });
    expect(result.banner).toMatchObject({ code: 220, hostname: "mx.test.example" });
    expect(result.ehlo?.hostname).toBe("mx.test.example");
    expect(result.ehlo?.capabilities).toMatchObject({
      startTls: true,
      size: 10_485_760,
      pipelining: true,
      eightBitMime: true,
      smtpUtf8: true,
      enhancedStatusCodes: true,
      dsn: true,
    });
    // RFC 4954 §4: smtp-server (rightly) only offers AUTH once the channel is encrypted.
    expect(result.ehloAfterTls?.capabilities).toMatchObject({ startTls: false, authMechanisms: ["LOGIN", "PLAIN"] });
    expect(result.tls).toMatchObject({
      via: "starttls",
      version: "TLSv1.3",
      checkedName: "127.0.0.1",
      hostnameMatch: true,
      chainValid: false,
      authorized: false,
      authorizationError: "DEPTH_ZERO_SELF_SIGNED_CERT",
    });
    expect(result.tls?.chain[0]).toMatchObject({
      selfSigned: true,
      subject: "CN=localhost",
      subjectAltNames: ["DNS:localhost", "IP Address:127.0.0.1"],
    });
    expect(result.tls?.chain[0]?.daysLeft).toBeGreaterThanOrEqual(29);
    for (const phase of ["dns", "connect", "banner", "ehlo", "tls", "ehloAfterTls"] as const)
      expect(result.timings[phase]).toBeGreaterThanOrEqual(0);
    expect(result.timings.auth).toBeNull();
    expect(result.replies.map((r) => `${r.phase}:${r.code}`)).toEqual(["banner:220", "ehlo:250", "starttls:220", "ehlo:250", "quit:221"]);
    expect(result.transcript.some((e) => e.dir === "C" && e.text === "STARTTLS")).toBe(true);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("speaks implicit TLS on a 465-style port before reading the banner", async () => {
    const result = await probeSmtp(local(implicit.port, "tls"), base);
    expect(result.outcome.kind).toBe("ok");
    expect(result.tls).toMatchObject({ via: "implicit", version: "TLSv1.3" });
    expect(result.banner?.hostname).toBe("smtps.test.example");
    expect(result.ehloAfterTls).toBeNull();
    expect(result.ehlo?.capabilities.startTls).toBe(false);
  });

  it("stays in plaintext in plain mode", async () => {
    const result = await probeSmtp(local(starttls.port, "plain"), base);
    expect(result.outcome.kind).toBe("ok");
    expect(result.tls).toBeNull();
  });

  it("fails as tls_failed when STARTTLS is required but not offered", async () => {
    const hidden = await startSmtpServer({ hideSTARTTLS: true, authOptional: true });
    peers.push(hidden);
    const result = await probeSmtp(local(hidden.port, "starttls"), base);
    expect(result.outcome).toMatchObject({ kind: "tls_failed", phase: "ehlo" });
  });

  it("authenticates with AUTH PLAIN over a verified channel and keeps the password out of the transcript", async () => {
    const result = await probeSmtp(local(starttls.port), { ...base, trustedCa: [cert.cert], auth: { username: USER, password: PASSWORD } });
    expect(result.tls?.authorized).toBe(true);
    expect(result.outcome.kind).toBe("ok");
    expect(result.auth).toMatchObject({ mechanism: "PLAIN", attempted: true, succeeded: true, code: 235 });
    const text = JSON.stringify(result);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(Buffer.from(`\0${USER}\0${PASSWORD}`).toString("base64"));
    expect(result.transcript.find((e) => e.text.startsWith("AUTH"))?.text).toBe("AUTH PLAIN [redacted]");
  });

  it("authenticates with AUTH LOGIN and redacts both base64 payloads", async () => {
    const result = await probeSmtp(local(starttls.port), {
      ...base,
      trustedCa: [cert.cert],
      auth: { username: USER, password: PASSWORD, mechanism: "LOGIN" },
    });
    expect(result.outcome.kind).toBe("ok");
    expect(result.auth).toMatchObject({ mechanism: "LOGIN", succeeded: true });
    const text = JSON.stringify(result);
    expect(text).not.toContain(Buffer.from(USER).toString("base64"));
    expect(text).not.toContain(Buffer.from(PASSWORD).toString("base64"));
    expect(result.transcript.filter((e) => e.dir === "C" && e.text === "[redacted]")).toHaveLength(2);
  });

  it.each(["PLAIN", "LOGIN"] as const)("reports wrong credentials with AUTH %s as auth_failed 535", async (mechanism) => {
    const result = await probeSmtp(local(starttls.port), {
      ...base,
      trustedCa: [cert.cert],
      auth: { username: USER, password: "wrong", mechanism },
    });
    expect(result.outcome).toMatchObject({ kind: "auth_failed", phase: "auth", code: 535 });
    expect(result.auth).toMatchObject({ attempted: true, succeeded: false, code: 535 });
  });

  it("never sends credentials over an unverified certificate unless the server is a lab server", async () => {
    const before = starttls.authCalls;
    const refused = await probeSmtp(local(starttls.port), { ...base, auth: { username: USER, password: PASSWORD } });
    expect(refused.outcome).toMatchObject({ kind: "auth_failed", code: null });
    expect(refused.auth).toMatchObject({ attempted: false });
    expect(refused.transcript.some((e) => e.text.startsWith("AUTH"))).toBe(false);
    expect(starttls.authCalls).toBe(before);

    const lab = await probeSmtp(local(starttls.port), { ...base, allowInsecureAuth: true, auth: { username: USER, password: PASSWORD } });
    expect(lab.outcome.kind).toBe("ok");
    expect(lab.auth?.succeeded).toBe(true);
  });

  it("tests the envelope without DATA: MAIL, RCPT, RSET", async () => {
    const result = await probeSmtp(local(starttls.port), {
      ...base,
      envelope: { mailFrom: "probe@test.example", rcptTo: "postmaster@test.example" },
    });
    expect(result.outcome.kind).toBe("ok");
    expect(result.envelope).toMatchObject({ accepted: true, mailFrom: { code: 250 }, rcptTo: { code: 250 }, rset: { code: 250 } });
    expect(result.transcript.some((e) => e.text === "DATA")).toBe(false);
  });

  it.each([
    ["nobody@test.example", 550],
    ["grey@test.example", 450],
  ])("reports RCPT TO:<%s> refused as rejected %i in phase envelope, with its enhanced code", async (rcptTo, code) => {
    const result = await probeSmtp(local(starttls.port), { ...base, envelope: { rcptTo } });
    expect(result.outcome).toMatchObject({
      kind: "rejected",
      phase: "envelope",
      code,
      enhancedCode: expect.stringMatching(new RegExp(`^${String(code)[0]}\\.\\d+\\.\\d+$`)) as unknown,
    });
    expect(result.envelope).toMatchObject({ accepted: false, mailFrom: { code: 250 }, rcptTo: { code } });
    expect(result.replies.at(-1)).toMatchObject({ phase: "quit", code: 221 });
  });

  it.each([
    [554, "5.7.1 No SMTP service here"],
    [421, "4.7.0 Too busy, try later"],
  ])("reports a %i greeting as rejected in phase banner", async (code, message) => {
    const refusing = await startSmtpServer({
      onConnect(_session, callback) {
        callback(Object.assign(new Error(message), { responseCode: code }));
      },
    });
    peers.push(refusing);
    const result = await probeSmtp(local(refusing.port), base);
    expect(result.outcome).toMatchObject({ kind: "rejected", phase: "banner", code, enhancedCode: message.split(" ")[0] });
  });

  it("follows a domain's MX by preference and fails over past an address that refuses", async () => {
    const resolver = fakeResolver({
      mx: { "example.test": ["20 mx2.example.test", "10 mx1.example.test"] },
      a: { "mx1.example.test": ["127.0.0.2"], "mx2.example.test": ["127.0.0.1"] },
    });
    const result = await probeSmtp({ host: "example.test", port: starttls.port }, base, { resolver });
    expect(result.outcome.kind).toBe("ok");
    expect(result.dns).toMatchObject({
      resolvedAs: "domain",
      nullMx: false,
      mx: [
        { exchange: "mx1.example.test", preference: 10 },
        { exchange: "mx2.example.test", preference: 20 },
      ],
    });
    expect(result.dials.map((d) => `${d.host}/${d.address}/${d.outcome}`)).toEqual([
      "mx1.example.test/127.0.0.2/refused",
      "mx2.example.test/127.0.0.1/connected",
    ]);
    expect(result.tls?.checkedName).toBe("mx2.example.test");
    expect(result.tls?.hostnameMatch).toBe(false);
  });

  it("reports refused when nothing listens", async () => {
    const closed = await startSmtpServer({});
    const port = closed.port;
    await closed.close();
    const result = await probeSmtp(local(port), base);
    expect(result.outcome).toMatchObject({ kind: "refused", phase: "connect" });
  });
});
