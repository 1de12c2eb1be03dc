import { once } from "node:events";
import https from "node:https";
import type { AddressInfo } from "node:net";

import { generate } from "selfsigned";
import { afterEach, describe, expect, it } from "vitest";

import { type HttpRequest, policyFromEnv } from "@inboxwatch/deliverability/net";

import { type HttpReceiver, startHttpReceiver } from "../engine/channels/testing.ts";
import { platformHttpTransport } from "./platform-transport.ts";

const receivers: HttpReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(...args: Parameters<typeof startHttpReceiver>): Promise<HttpReceiver> {
  const r = await startHttpReceiver(...args);
  receivers.push(r);
  return r;
}

const post = (url: string, timeoutMs = 5_000): HttpRequest => ({
  url,
  method: "POST",
  headers: { "content-type": "application/json" },
  body: '{"a":1}',
  timeoutMs,
});

describe("pinned HTTP transport", () => {
  it("posts to an allowed loopback receiver and returns status, headers and body", async () => {
    const r = await receiver(() => ({ status: 201, headers: { "x-seen": "yes" }, body: "created" }));
    const outcome = await platformHttpTransport()(post(r.url));
    expect(outcome).toMatchObject({ kind: "response", status: 201, body: "created", headers: { "x-seen": "yes" } });
    expect(r.requests[0]).toMatchObject({ method: "POST", path: "/hook", body: '{"a":1}' });
  });

  it("connects to the checked address while keeping the host name in the Host header", async () => {
    const r = await receiver(() => ({ status: 200 }));
    const lookups: string[] = [];
    const transport = platformHttpTransport({
      lookupAll: async (host) => {
        lookups.push(host);
        return [{ address: "127.0.0.1", family: 4 }];
      },
    });
    const outcome = await transport(post(`http://hooks.example.test:${r.port}/hook`));
    expect(outcome.kind).toBe("response");
    expect(lookups).toEqual(["hooks.example.test"]);
    expect(r.requests[0]!.headers.host).toBe(`hooks.example.test:${r.port}`);
  });

  it("refuses a forbidden address before any connection", async () => {
    const r = await receiver(() => ({ status: 200 }));
    const closed = platformHttpTransport({ policy: { allow: [] } });
    expect(await closed(post(r.url))).toMatchObject({ kind: "blocked" });
    const rebinding = platformHttpTransport({
      policy: { allow: [] },
      lookupAll: async () => [{ address: "169.254.169.254", family: 4 }],
    });
    expect(await rebinding(post("http://metadata.example.test/latest"))).toMatchObject({ kind: "blocked" });
    expect(r.requests).toHaveLength(0);
  });

  it("reports DNS failures, refused connections and bad URLs as data", async () => {
    const nx = platformHttpTransport({
      lookupAll: async () => {
        throw Object.assign(new Error("nx"), { code: "ENOTFOUND" });
      },
    });
    expect(await nx(post("http://nx.example.test/"))).toMatchObject({ kind: "network_error" });
    const r = await startHttpReceiver(() => ({ status: 200 }));
    await r.close();
    expect(await platformHttpTransport()(post(r.url))).toMatchObject({
      kind: "network_error",
      message: expect.stringContaining("ECONNREFUSED") as string,
    });
    expect(await platformHttpTransport()(post("ftp://127.0.0.1/x"))).toMatchObject({ kind: "invalid_request" });
    expect(await platformHttpTransport()(post("http://user:pw@127.0.0.1/x"))).toMatchObject({ kind: "invalid_request" });
    expect(await platformHttpTransport()(post("not a url"))).toMatchObject({ kind: "invalid_request" });
  });

  it("gives up on a receiver that never answers at the deadline", async () => {
    const r = await receiver(() => "hang");
    const outcome = await platformHttpTransport()(post(r.url, 300));
    expect(outcome).toMatchObject({ kind: "timeout" });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(250);
  });

  it("verifies TLS against the host name while connecting to the pinned address", async () => {
    const pems = generate([{ name: "commonName", value: "hooks.example.test" }], {
      keySize: 2048,
      algorithm: "sha256",
      extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: "hooks.example.test" }] }],
    });
    const server = https.createServer({ key: pems.private, cert: pems.cert }, (_req, res) => res.end("tls ok"));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    try {
      const lookupAll = async () => [{ address: "127.0.0.1", family: 4 }];
      const trusted = platformHttpTransport({ policy: policyFromEnv(), lookupAll, ca: pems.cert });
      expect(await trusted(post(`https://hooks.example.test:${port}/`))).toMatchObject({ kind: "response", status: 200, body: "tls ok" });
      const untrusted = platformHttpTransport({ lookupAll });
      expect(await untrusted(post(`https://hooks.example.test:${port}/`))).toMatchObject({ kind: "network_error" });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
