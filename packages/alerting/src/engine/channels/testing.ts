/**
 * Test receivers on 127.0.0.1:0: an HTTP receiver scripted per request (status, headers, or hang), and an
 * SMTP receiver (smtp-server) scripted per message. Both record what arrived and close everything.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

import { SMTPServer, type SMTPServerDataStream } from "smtp-server";

import type { TAlertNotification } from "./notification.ts";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type ScriptedResponse = { status: number; headers?: Record<string, string>; body?: string } | "hang";

export interface HttpReceiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startHttpReceiver(script: (req: ReceivedRequest, index: number) => ScriptedResponse): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const received = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(received);
      const answer = script(received, requests.length - 1);
      if (answer === "hang") return; // never answers; closeAllConnections() ends it
      res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** What the SMTP receiver answers to a message: accept, reply with an error code, or stall until released. */
export type SmtpScript = { accept: true } | { accept: false; responseCode: number; message: string } | "stall";

export interface SmtpReceiver {
  port: number;
  messages: ReceivedMail[];
  /** Answers stalled messages (with 451) so their connections can finish. */
  releaseStalled(): void;
  close(): Promise<void>;
}

export async function startSmtpReceiver(script: (index: number) => SmtpScript): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const stalled: ((err?: Error) => void)[] = [];
  let index = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    closeTimeout: 100,
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const answer = script(index++);
        const envelope = session.envelope;
        messages.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : "",
          to: envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        if (answer === "stall") {
          stalled.push(callback);
          return;
        }
        if (answer.accept) return callback();
        callback(Object.assign(new Error(answer.message), { responseCode: answer.responseCode }));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    messages,
    releaseStalled: () => {
      for (const cb of stalled.splice(0)) cb(Object.assign(new Error("try again later"), { responseCode: 451 }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const SAMPLE_NOW = Date.UTC(2026, 0, 5, 12, 0, 0);

/** A realistic opened-incident notification, with characters that need escaping in every format. */
export function sampleNotification(overrides: Partial<TAlertNotification> = {}): TAlertNotification {
  return {
    id: "ntf_01HZX3Q8",
    event: "incident.opened",
    orgId: "org_1",
    incidentId: "inc_42",
    ruleId: "rule_7",
    title: "5xx replies above 5%",
    severity: "critical",
    summary: "5xx reply rate 12.5% > 5% over 30 min (volume 1600) <gmail> & friends",
    scope: { scope: { type: "provider", id: "gmail" }, label: "Gmail" },
    value: 12.5,
    evidence: ["5xx reply rate 12.5% > 5% over 30 min (volume 1600)", "550 5.7.1 <x@y> Our system has detected an unusual rate"],
    url: "https://app.inboxwatch.example/incidents/inc_42",
    runbookUrl: "https://wiki.example/runbooks/5xx",
    occurredAt: SAMPLE_NOW,
    ...overrides,
  };
}
