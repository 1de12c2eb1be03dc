import type { ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";

import selfsigned from "selfsigned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPinnedHttpsFetcher } from "../net/pinned-https.ts";
import { lookupAllVia } from "./lookup-all.ts";
import { checkMtaSts, mxMatchesPattern } from "./mta-sts.ts";
import { createResolver, type StubResolver } from "./resolver.ts";
import { checkFixtures, startTestDnsServer, type TestDnsServer } from "./testing/index.ts";

const GOOD_POLICY = "version: STSv1\r\nmode: enforce\r\nmx: mx1.good.test\r\nmx: *.good.test\r\nmax_age: 604800\r\n";

describe("MTA-STS against a local HTTPS server, fetched through the egress guard", () => {
  let dns: TestDnsServer;
  let resolver: StubResolver;
  let web: https.Server;
  let cert: string;
  let respond: (res: ServerResponse) => void = (res) => res.end();
  let lastHost = "";

  beforeAll(async () => {
    const { zone, faults } = checkFixtures();
    dns = await startTestDnsServer(zone, faults);
    resolver = createResolver({ servers: [dns.address], timeoutMs: 200, retries: 0 });
    const pems = selfsigned.generate([{ name: "commonName", value: "mta-sts.good.test" }], {
      keySize: 2048,
      algorithm: "sha256",
      extensions: [
        { name: "basicConstraints", cA: true },
        { name: "subjectAltName", altNames: [{ type: 2, value: "mta-sts.good.test" }] },
      ],
    });
    cert = pems.cert;
    web = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      lastHost = req.headers.host ?? "";
      respond(res);
    });
    await new Promise<void>((r) => web.listen(0, "127.0.0.1", () => r()));
  });
  afterAll(async () => {
    await new Promise<void>((r) => web.close(() => r()));
    await dns.close();
  });

  const fetcher = (extra: { ca?: string } = {}) =>
    createPinnedHttpsFetcher({
      lookupAll: lookupAllVia(resolver),
      portOverride: (web.address() as AddressInfo).port,
      ca: extra.ca ?? cert,
      timeoutMs: 2_000,
    });

  it("accepts an enforce policy that covers every MX", async () => {
    respond = (res) => res.writeHead(200, { "content-type": "text/plain" }).end(GOOD_POLICY);
    const r = await checkMtaSts("good.test", resolver, { fetcher: fetcher() });
    expect(r).toMatchObject({ status: "pass", id: "20240101", policy: { mode: "enforce", maxAge: 604800 }, uncoveredMx: [], findings: [] });
    expect(lastHost).toBe("mta-sts.good.test");
  });
  it("reports MX hosts the policy does not cover, and testing mode", async () => {
    respond = (res) =>
      res.writeHead(200, { "content-type": "text/plain" }).end("version: STSv1\nmode: testing\nmx: mx1.good.test\nmax_age: 3600\n");
    const r = await checkMtaSts("good.test", resolver, { fetcher: fetcher() });
    expect(r.uncoveredMx).toEqual(["mx2.good.test"]);
    expect(r.findings.map((f) => f.code)).toEqual(["mta-sts.testing", "mta-sts.short-max-age", "mta-sts.mx-not-covered"]);
  });
  it("refuses redirects, oversized bodies and untrusted certificates", async () => {
    respond = (res) => res.writeHead(301, { location: "https://evil.test/" }).end();
    expect((await checkMtaSts("good.test", resolver, { fetcher: fetcher() })).findings[0]?.message).toMatch(/redirect/);
    respond = (res) => res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(70_000));
    expect((await checkMtaSts("good.test", resolver, { fetcher: fetcher() })).findings[0]?.message).toMatch(/larger than 65536/);
    respond = (res) => res.writeHead(200, { "content-type": "text/plain" }).end(GOOD_POLICY);
    const untrusted = createPinnedHttpsFetcher({
      lookupAll: lookupAllVia(resolver),
      portOverride: (web.address() as AddressInfo).port,
      timeoutMs: 2_000,
    });
    expect(await checkMtaSts("good.test", resolver, { fetcher: untrusted })).toMatchObject({
      status: "fail",
      findings: [{ code: "mta-sts.policy-unavailable" }],
    });
  });
  it("never connects where the egress policy forbids", async () => {
    const guarded = createPinnedHttpsFetcher({
      lookupAll: lookupAllVia(resolver),
      policy: { allow: [] },
      portOverride: (web.address() as AddressInfo).port,
      ca: cert,
    });
    const r = await checkMtaSts("good.test", resolver, { fetcher: guarded });
    expect(r.findings[0]?.message).toMatch(/refused to connect to mta-sts\.good\.test: 127\.0\.0\.1 \(loopback address\)/);
  });
  it("matches mx patterns with one wildcard label (RFC 8461 §4.1)", () => {
    expect(mxMatchesPattern("mx1.good.test", "*.good.test")).toBe(true);
    expect(mxMatchesPattern("a.b.good.test", "*.good.test")).toBe(false);
    expect(mxMatchesPattern("good.test", "*.good.test")).toBe(false);
  });
});
