import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { afterEach, describe, expect, it } from "vitest";

import type { ChannelDeps } from "./channel.ts";
import { EMAIL_MESSAGE_ID_DOMAIN, emailChannel } from "./email.ts";
import { platformHttpTransport } from "../../notifications/platform-transport.ts";
import { SAMPLE_NOW, type SmtpReceiver, type SmtpScript, sampleNotification, startSmtpReceiver } from "./testing.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(script: (i: number) => SmtpScript, timeoutMs = 5_000): Promise<{ smtp: SmtpReceiver; deps: ChannelDeps }> {
  const smtp = await startSmtpReceiver(script);
  cleanups.push(() => smtp.close());
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    socketTimeout: 5_000,
  });
  cleanups.push(() => transport.close());
  cleanups.push(() => smtp.releaseStalled());
  return {
    smtp,
    deps: { http: platformHttpTransport(), now: () => SAMPLE_NOW, mailer: transport, mailFrom: "alerts@inboxwatch.test", timeoutMs },
  };
}

const config = { to: ["ops@example.test", "oncall@example.test"] };

describe("email channel", () => {
  it("sends an HTML + text email through nodemailer to an SMTP receiver", async () => {
    const { smtp, deps } = await setup(() => ({ accept: true }));
    const result = await emailChannel.send(config, sampleNotification(), deps);
    expect(result).toMatchObject({ outcome: "delivered", status: 250 });
    expect(smtp.messages[0]).toMatchObject({ from: "alerts@inboxwatch.test", to: config.to });
    const mail = await simpleParser(smtp.messages[0]!.raw);
    expect(mail.subject).toBe("[CRITICAL] Opened: 5xx replies above 5% — Gmail");
    expect(mail.messageId).toBe(`<ntf_01HZX3Q8@${EMAIL_MESSAGE_ID_DOMAIN}>`);
    expect(mail.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail.text).toContain("Open the incident: https://app.inboxwatch.example/incidents/inc_42");
    expect(mail.text).toContain("550 5.7.1 <x@y>");
    expect(mail.html).toContain("550 5.7.1 &lt;x@y&gt;");
    expect(mail.html).toContain('<a href="https://wiki.example/runbooks/5xx">Runbook</a>');
  });

  it("treats an SMTP 4yz as retryable and a 5yz as permanent", async () => {
    const { deps } = await setup((i) =>
      i === 0
        ? { accept: false, responseCode: 451, message: "4.3.0 try later" }
        : { accept: false, responseCode: 554, message: "5.7.1 rejected" },
    );
    expect(await emailChannel.send(config, sampleNotification(), deps)).toMatchObject({
      outcome: "retryable",
      reason: "smtp_transient",
      status: 451,
    });
    expect(await emailChannel.send(config, sampleNotification(), deps)).toMatchObject({
      outcome: "permanent",
      reason: "smtp_permanent",
      status: 554,
    });
  });

  it("keeps the same Message-ID when a failed send is retried", async () => {
    const { smtp, deps } = await setup((i) => (i === 0 ? { accept: false, responseCode: 451, message: "later" } : { accept: true }));
    const n = sampleNotification();
    await emailChannel.send(config, n, deps);
    await emailChannel.send(config, n, deps);
    const ids = await Promise.all(smtp.messages.map(async (m) => (await simpleParser(m.raw)).messageId));
    expect(ids).toEqual([`<${n.id}@${EMAIL_MESSAGE_ID_DOMAIN}>`, `<${n.id}@${EMAIL_MESSAGE_ID_DOMAIN}>`]);
  });

  it("times out on a server that never answers the message, as a retryable failure", async () => {
    const { deps } = await setup(() => "stall", 300);
    expect(await emailChannel.send(config, sampleNotification(), deps)).toMatchObject({ outcome: "retryable", reason: "timeout" });
  });

  it("fails permanently without a mail transport, and validates recipients", async () => {
    const deps: ChannelDeps = { http: platformHttpTransport(), now: () => SAMPLE_NOW };
    expect(await emailChannel.send(config, sampleNotification(), deps)).toMatchObject({ outcome: "permanent", reason: "invalid_config" });
    expect(emailChannel.validateConfig({ to: [] }).ok).toBe(false);
    expect(emailChannel.validateConfig({ to: ["not an address"] }).ok).toBe(false);
  });
});
