/**
 * "Check now" for a syslog source claim through the router and the platform resolver (DNS_SERVERS pointed at
 * a DNS server on loopback): the owner's published TXT record verifies the claim; another organization gets
 * NOT_FOUND for the claim's id.
 */
import { type TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestDnsServer, type TestDnsServer } from "@inboxwatch/deliverability/dns/testing";
import { type SessionUser } from "@inboxwatch/services/user";

import { createTestWorld, type TestWorld } from "../testing.ts";

let w: TestWorld;
let dns: TestDnsServer;
let owner: SessionUser, other: SessionUser;
let slug: string;

beforeAll(async () => {
  w = await createTestWorld();
  dns = await startTestDnsServer({});
  process.env.DNS_SERVERS = dns.address;
  owner = await w.user("owner@dns-src.test");
  other = await w.user("other@dns-src.test");
  slug = (await w.org(owner, "dns-src")).slug;
  await w.org(other, "dns-src-other");
});
afterAll(async () => {
  delete process.env.DNS_SERVERS;
  await dns?.close();
  await w?.t.drop();
});

describe("deliverability.syslogSources.checkDns", () => {
  it("verifies the caller's claim from the TXT record at _inboxwatch.<PTR name>; another organization gets NOT_FOUND", async () => {
    const mine = w.caller(owner, slug).deliverability;
    const row = await mine.syslogSources.create({ address: "198.51.100.25", label: "mx1" });
    dns.setZone({
      "25.100.51.198.in-addr.arpa": { PTR: ["mx1.dns-src.example."] },
      "_inboxwatch.mx1.dns-src.example": { TXT: [row.txtValue] },
    });

    await expect(w.caller(other, "dns-src-other").deliverability.syslogSources.checkDns({ id: row.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    } satisfies Partial<TRPCError>);
    expect(await mine.syslogSources.checkDns({ id: row.id })).toEqual({
      outcome: "verified",
      detail: "Found at _inboxwatch.mx1.dns-src.example: verified",
    });
    expect(await mine.syslogSources.list()).toMatchObject([{ id: row.id, state: "verified", verifiedVia: "DNS_TXT" }]);
    await expect(mine.syslogSources.checkDns({ id: row.id })).rejects.toMatchObject({ code: "BAD_REQUEST" } satisfies Partial<TRPCError>);
  });
});
