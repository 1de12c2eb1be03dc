import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkDkim } from "./dkim.ts";
import { createResolver } from "./resolver.ts";
import { startTestDnsServer, type TestDnsServer, type TestZone } from "./testing/index.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../../..", "../shared/corpus/dkim");
const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, "expected.json"), "utf8")) as Record<
  string,
  { dns_txt: Record<string, string> }
>;
const keys = new Map(Object.values(expected).flatMap((e) => Object.entries(e.dns_txt)));

/** Key sizes of the corpus keys, known from their sources (RFC 6376/8463 examples, 1024-bit list keys). */
const EXPECTED: Record<string, { keyType: string; keyBits: number; code?: string }> = {
  "sed._domainkey.test.ex": { keyType: "ed25519", keyBits: 256, code: "dkim.ed25519" },
  "brisbane._domainkey.football.example.com": { keyType: "ed25519", keyBits: 256, code: "dkim.ed25519" },
  "test._domainkey.football.example.com": { keyType: "rsa", keyBits: 1024, code: "dkim.key-short" },
  "ietf1._domainkey.ietf.org": { keyType: "rsa", keyBits: 1024, code: "dkim.key-short" },
  "s1024-2013-q3._domainkey.facebookmail.com": { keyType: "rsa", keyBits: 1024, code: "dkim.key-short" },
  "sysmsg-1._domainkey.topicbox.com": { keyType: "rsa", keyBits: 1024, code: "dkim.key-short" },
};

describe("DKIM key records from the shared corpus", () => {
  let server: TestDnsServer;
  beforeAll(async () => {
    const zone: TestZone = Object.fromEntries([...keys].map(([name, value]) => [name, { TXT: [value] }]));
    server = await startTestDnsServer(zone);
  });
  afterAll(() => server.close());

  it("covers every key in expected.json", () => expect([...keys.keys()].sort()).toEqual(Object.keys(EXPECTED).sort()));

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(name, async () => {
      const [selector = "", domain = ""] = name.split("._domainkey.");
      const r = await checkDkim(domain, createResolver({ servers: [server.address] }), { selectors: [selector], discover: false });
      expect(r.selectors[0]).toMatchObject({ found: true, keyType: want.keyType, keyBits: want.keyBits, revoked: false });
      expect(r.findings.map((f) => f.code)).toEqual(want.code ? [want.code] : []);
    });
  }
});
