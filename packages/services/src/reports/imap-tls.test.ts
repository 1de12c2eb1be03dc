// IMAP polling over TLS against a real Dovecot on loopback (Debian `dovecot-imapd`) with a certificate
// made in the test: implicit TLS (RFC 8314 §3.3) and STARTTLS (RFC 9051 §6.2.1) store the report; a
// certificate the client does not trust, a name it was not issued for and the wrong security mode are
// each recorded on the mailbox as `tls_failed` with a readable reason, never the password.
import net from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { syntheticAggregateGzip } from "../../../deliverability/src/reports/synthetic-aggregate.ts";
import { type OrgContext, systemContext } from "../context.ts";
import { type DovecotTlsOptions, makeImapCertificate, type RunningDovecot, startDovecot } from "./dovecot-testing.ts";
import { closeImap, connectImap, redactSecret, ImapFlow } from "@inboxwatch/deliverability/imap";
import { createReportMailbox, listReportMailboxes, testReportMailbox } from "./imap-mailbox.ts";
import { pollReportMailbox } from "./imap-poll.ts";
import { processRawReport } from "./process.ts";

/** The name the mailboxes are configured with; the injected resolver answers 127.0.0.1 for it. */
const IMAP_HOST = "imap.reports.test";
/** Resolves to the same server, but the certificate was not issued for it. */
const OTHER_HOST = "other.reports.test";

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let dovecot: RunningDovecot;
let certificate: DovecotTlsOptions;
let tlsPort: number;
let seq = 0;

beforeAll(async () => {
  certificate = makeImapCertificate(IMAP_HOST);
  [t, dovecot] = await Promise.all([createTestDatabase(), startDovecot({ tls: certificate })]);
  if (dovecot.tlsPort === null) throw new Error("Dovecot started without its imaps listener");
  tlsPort = dovecot.tlsPort;
  process.env.DATABASE_URL = t.url;
}, 60_000);
afterAll(async () => {
  await dovecot?.stop();
  await t?.drop();
});

const lookupAll = (host: string) => Promise.resolve(host.endsWith(".reports.test") ? [{ address: "127.0.0.1", family: 4 }] : []);
/** How the worker would connect if it trusted our test CA. */
const trusted = () => ({ lookupAll, trustedCa: [certificate.cert] });
/** How the worker connects by default: Node's public trust store, which does not hold the test certificate. */
const untrusted = () => ({ lookupAll });

async function newOrg(): Promise<OrgContext> {
  seq++;
  const org = await t.db.organization.create({ data: { name: `IMAP TLS org ${seq}`, slug: `imap-tls-org-${seq}` } });
  return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
}

function reportMail(seed: number): string {
  const attachment = syntheticAggregateGzip({ seed, records: 3 }).toString("base64").replace(/.{76}/g, "$&\r\n");
  return [
    "From: noreply-dmarc-support@google.com",
    "To: dmarc@customer.example",
    `Subject: Report domain: customer.example Submitter: google.com Report-ID: tls-${seed}`,
    `Message-ID: <tls-${seed}@google.com>`,
    "MIME-Version: 1.0",
    `Content-Type: application/gzip; name="google.com!customer.example!${seed}.xml.gz"`,
    "Content-Transfer-Encoding: base64",
    "",
    attachment,
    "",
  ].join("\r\n");
}

/** Drops a report into the INBOX over implicit TLS (the test's own client trusts the test certificate). */
async function deliver(seed: number): Promise<void> {
  const client = new ImapFlow({
    host: "127.0.0.1",
    port: tlsPort,
    secure: true,
    tls: { ca: [certificate.cert] },
    auth: { user: dovecot.username, pass: dovecot.password },
    logger: false,
  });
  await client.connect();
  try {
    await client.append("INBOX", reportMail(seed));
  } finally {
    await client.logout();
  }
}

async function mailbox(ctx: OrgContext, fields: { host?: string; port: number; tlsMode: "TLS" | "STARTTLS" | "NONE" }) {
  return createReportMailbox(ctx, {
    host: fields.host ?? IMAP_HOST,
    port: fields.port,
    tlsMode: fields.tlsMode,
    username: dovecot.username,
    password: dovecot.password,
  });
}

describe("reports.poll-imap over TLS against Dovecot", () => {
  it("polls over implicit TLS, verifying the certificate for the configured host name", async () => {
    const ctx = await newOrg();
    const box = await mailbox(ctx, { port: tlsPort, tlsMode: "TLS" });
    await deliver(101);
    const summary = await pollReportMailbox(ctx, { id: box.id }, trusted());
    expect(summary).toMatchObject({ ok: true, stored: 1, failed: 0 });
    const raws = await t.db.rawReport.findMany({ where: { orgId: ctx.orgId, channel: "IMAP" }, select: { id: true } });
    expect(raws).toHaveLength(1);
    const [listed] = await listReportMailboxes(ctx);
    expect(listed).toMatchObject({ ingestedCount: 1, lastError: null });
    // The bytes fetched over TLS are the report: the pipeline parses them.
    for (const raw of raws) expect(await processRawReport(sys(), { orgId: ctx.orgId, rawReportId: raw.id })).toEqual({ status: "PARSED" });
    expect(await t.db.dmarcReport.count({ where: { orgId: ctx.orgId } })).toBe(1);
  }, 30_000);

  it("polls over STARTTLS and logs in only after the upgrade", async () => {
    const ctx = await newOrg();
    const box = await mailbox(ctx, { port: dovecot.port, tlsMode: "STARTTLS" });
    // Dovecot counts a loopback client as secured and would accept a plaintext login, so look at our side.
    const connected = await connectImap(
      { host: IMAP_HOST, port: dovecot.port, tlsMode: "STARTTLS", username: dovecot.username, password: dovecot.password },
      trusted(),
    );
    expect(connected.ok).toBe(true);
    if (connected.ok) {
      expect(connected.client.secureConnection).toBe(true);
      expect(connected.client.authenticated).toBeTruthy();
      await closeImap(connected.client);
    }
    await deliver(102);
    const summary = await pollReportMailbox(ctx, { id: box.id }, trusted());
    expect(summary).toMatchObject({ ok: true, stored: 1, failed: 0 });
    expect(await t.db.rawReport.count({ where: { orgId: ctx.orgId, channel: "IMAP" } })).toBe(1);
  }, 30_000);

  it.each([
    ["implicit TLS", "TLS" as const],
    ["STARTTLS", "STARTTLS" as const],
  ])(
    "records an untrusted certificate over %s as the mailbox's error, without the password",
    async (_label, tlsMode) => {
      const ctx = await newOrg();
      const box = await mailbox(ctx, { port: tlsMode === "TLS" ? tlsPort : dovecot.port, tlsMode });
      const summary = await pollReportMailbox(ctx, { id: box.id }, untrusted());
      expect(summary).toMatchObject({ ok: false, stored: 0 });
      const [listed] = await listReportMailboxes(ctx);
      expect(listed?.lastError).toMatch(
        /^tls_failed: the certificate of imap\.reports\.test is not trusted: self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)/,
      );
      expect(listed?.lastError).not.toContain(dovecot.password);
      expect(listed?.lastSuccessAt).toBeNull();
      const tested = await testReportMailbox(ctx, { id: box.id }, untrusted());
      expect(tested).toMatchObject({ ok: false, message: expect.stringMatching(/^tls_failed: .*not trusted/) as unknown });
    },
    30_000,
  );

  it("refuses a trusted certificate issued for another name", async () => {
    const ctx = await newOrg();
    const box = await mailbox(ctx, { host: OTHER_HOST, port: tlsPort, tlsMode: "TLS" });
    const result = await testReportMailbox(ctx, { id: box.id }, trusted());
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^tls_failed: the certificate of other\.reports\.test is not trusted: .*ERR_TLS_CERT_ALTNAME_INVALID/);
  }, 30_000);

  it("explains a TLS handshake against a plaintext port as a security-mode mistake", async () => {
    const ctx = await newOrg();
    const box = await mailbox(ctx, { port: dovecot.port, tlsMode: "TLS" });
    const result = await testReportMailbox(ctx, { id: box.id }, trusted());
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /^tls_failed: TLS handshake with imap\.reports\.test failed \(ERR_SSL_WRONG_VERSION_NUMBER\)\. Check the port and security mode/,
      ) as unknown,
    });
  }, 30_000);
});

/**
 * A server that echoes the LOGIN arguments in its refusal, as a careless or hostile server may: the
 * stored error must not carry the password.
 */
function startEchoingServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => {
    socket.write("* OK [CAPABILITY IMAP4rev1] echo ready\r\n");
    let buffered = "";
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("latin1");
      for (let eol = buffered.indexOf("\r\n"); eol >= 0; eol = buffered.indexOf("\r\n")) {
        const line = buffered.slice(0, eol);
        buffered = buffered.slice(eol + 2);
        const [tag = "*", command = ""] = line.split(" ");
        if (command.toUpperCase() === "LOGIN") socket.write(`${tag} NO [AUTHENTICATIONFAILED] refused: ${line}\r\n`);
        else if (command.toUpperCase() === "CAPABILITY") socket.write(`* CAPABILITY IMAP4rev1\r\n${tag} OK done\r\n`);
        else if (command.toUpperCase() === "LOGOUT") socket.end(`* BYE\r\n${tag} OK bye\r\n`);
        else socket.write(`${tag} BAD unknown\r\n`);
      }
    });
    socket.on("error", () => undefined);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ port, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}

describe("secrets in IMAP errors", () => {
  it("removes the password from a server's refusal that echoes it", async () => {
    const echo = await startEchoingServer();
    try {
      const password = "s3cret-mailbox-password";
      const result = await connectImap(
        { host: "127.0.0.1", port: echo.port, tlsMode: "NONE", username: "reports", password },
        { lookupAll },
      );
      expect(result).toMatchObject({ ok: false, kind: "auth_failed" });
      if (!result.ok) {
        expect(result.message).toContain("[redacted]");
        expect(result.message).not.toContain(password);
      }
    } finally {
      await echo.close();
    }
  });

  it("leaves text alone when the password is too short to be told apart from ordinary words", () => {
    expect(redactSecret("login failed for pw", "pw")).toBe("login failed for pw");
    expect(redactSecret("NO bad hunter22", "hunter22")).toBe("NO bad [redacted]");
  });
});
