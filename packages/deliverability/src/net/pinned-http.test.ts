import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterEach, describe, expect, it } from "vitest";

import { type EgressPolicy, parseAllowlist } from "./egress-guard.ts";
import { createPinnedHttpTransport, type HttpRequest } from "./pinned-http.ts";

const loopback: EgressPolicy = { allow: parseAllowlist("127.0.0.0/8") };
const toLoopback = async () => [{ address: "127.0.0.1", family: 4 }];

interface Seen {
  method: string;
  url: string;
  host: string;
  body: string;
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A loopback receiver answering with `reply` ("hang": never answers); what it received is in `seen`. */
async function receiver(reply: { status: number; body?: string } | "hang") {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", host: req.headers.host ?? "", body: Buffer.concat(chunks).toString() });
      if (reply === "hang") return;
      res.writeHead(reply.status, { "x-seen": "yes" }).end(reply.body ?? "");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  servers.push(server);
  return { port: (server.address() as AddressInfo).port, seen };
}

const post = (url: string, timeoutMs = 5_000): HttpRequest => ({
  url,
  method: "POST",
  headers: { "content-type": "application/json" },
  body: '{"a":1}',
  timeoutMs,
});

describe("pinned HTTP transport", () => {
  it("posts to the checked address with the URL's host name as Host, and returns the response", async () => {
    const r = await receiver({ status: 201, body: "created" });
    const lookups: string[] = [];
    const transport = createPinnedHttpTransport({
      policy: loopback,
      lookupAll: async (host) => {
        lookups.push(host);
        return toLoopback();
      },
    });
    const outcome = await transport(post(`http://hooks.example.test:${r.port}/hook?x=1`));
    expect(outcome).toMatchObject({ kind: "response", status: 201, body: "created", headers: { "x-seen": "yes" } });
    expect(lookups).toEqual(["hooks.example.test"]);
    expect(r.seen).toEqual([{ method: "POST", url: "/hook?x=1", host: `hooks.example.test:${r.port}`, body: '{"a":1}' }]);
  });

  it("keeps at most maxResponseBytes of the body", async () => {
    const r = await receiver({ status: 500, body: "x".repeat(100) });
    const outcome = await createPinnedHttpTransport({ policy: loopback, lookupAll: toLoopback, maxResponseBytes: 10 })(
      post(`http://127.0.0.1:${r.port}/`),
    );
    expect(outcome).toMatchObject({ kind: "response", status: 500, body: "x".repeat(10) });
  });

  it("refuses a forbidden address before any connection, and reports failures and bad URLs as data", async () => {
    const r = await receiver({ status: 200 });
    const closed = createPinnedHttpTransport({ policy: { allow: [] }, lookupAll: toLoopback });
    expect(await closed(post(`http://hooks.example.test:${r.port}/`))).toMatchObject({ kind: "blocked" });
    expect(r.seen).toHaveLength(0);
    const nx = createPinnedHttpTransport({
      policy: loopback,
      lookupAll: async () => {
        throw Object.assign(new Error("nx"), { code: "ENOTFOUND" });
      },
    });
    expect(await nx(post("http://nx.example.test/"))).toMatchObject({ kind: "network_error" });
    const transport = createPinnedHttpTransport({ policy: loopback, lookupAll: toLoopback });
    expect(await transport(post("ftp://127.0.0.1/x"))).toMatchObject({ kind: "invalid_request" });
    expect(await transport(post("http://user:pw@127.0.0.1/x"))).toMatchObject({ kind: "invalid_request" });
    expect(await transport(post("not a url"))).toMatchObject({ kind: "invalid_request" });
  });

  it("gives up on a receiver that never answers at the deadline", async () => {
    const r = await receiver("hang");
    const outcome = await createPinnedHttpTransport({ policy: loopback, lookupAll: toLoopback })(post(`http://127.0.0.1:${r.port}/`, 300));
    expect(outcome).toMatchObject({ kind: "timeout" });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(250);
  });
});
