/**
 * The DNS proof of a syslog source claim against a real DNS server on loopback: the TXT record at
 * `_inboxwatch.<PTR name>` holding the claim's code verifies it; a missing PTR or TXT, another claim's
 * code, a foreign id and a closed window do not.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { createResolver, type DnsResolver } from "@inboxwatch/deliverability/dns";
import { startTestDnsServer, type TestDnsServer, type TestZone } from "@inboxwatch/deliverability/dns/testing";

import { type OrgContext, systemContext } from "../context.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { checkSyslogSourceDns } from "./syslog-source-dns.ts";
import { addSyslogSource, findSourceAddressOwner, listSyslogSources, SYSLOG_SOURCE_PROOF_WINDOW_MS } from "./syslog-sources.ts";

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let dns: TestDnsServer;
let resolver: DnsResolver;
let a: OrgContext;
let b: OrgContext;

const base: TestZone = {
  "25.2.0.192.in-addr.arpa": { PTR: ["mx1.a.example."] },
  "26.2.0.192.in-addr.arpa": { PTR: ["mx2.a.example."] },
  "a.example": { SOA: { mname: "ns.a.example", rname: "hostmaster.a.example", serial: 1, minimum: 60 } },
};

beforeAll(async () => {
  t = await createTestDatabase();
  dns = await startTestDnsServer(base);
  // No cache: the zone changes between checks, as when an operator publishes the record and checks again.
  resolver = createResolver({ servers: [dns.address], cache: false, timeoutMs: 1_000, retries: 1 });
  const org = async (slug: string): Promise<OrgContext> => ({
    db: t.db,
    orgId: (await t.db.organization.create({ data: { name: slug, slug } })).id,
    actor: { type: "SYSTEM", label: "test" },
  });
  a = await org("dns-src-a");
  b = await org("dns-src-b");
});
afterAll(async () => {
  await dns?.close();
  await t?.drop();
});

describe("syslog source proof by DNS", () => {
  it("verifies the claim whose code is in the TXT record under the address's PTR name, and refuses the rival claim", async () => {
    const mine = await addSyslogSource(a, { address: "192.0.2.25" });
    const theirs = await addSyslogSource(b, { address: "192.0.2.25" });
    expect(mine.txtValue).toMatch(/^inboxwatch-syslog-source=[0-9a-f]{32}$/);
    expect(theirs.txtValue).not.toBe(mine.txtValue);

    expect(await checkSyslogSourceDns(a, { id: mine.id }, { dnsResolver: resolver })).toEqual({
      outcome: "none",
      detail: `No TXT record "${mine.txtValue}" at _inboxwatch.mx1.a.example yet`,
    });
    // The address's holder publishes A's code: B's check finds A's code, not its own.
    dns.setZone({ ...base, "_inboxwatch.mx1.a.example": { TXT: [mine.txtValue] } });
    expect((await checkSyslogSourceDns(b, { id: theirs.id }, { dnsResolver: resolver })).outcome).toBe("none");
    expect(await checkSyslogSourceDns(a, { id: mine.id }, { dnsResolver: resolver })).toEqual({
      outcome: "verified",
      detail: "Found at _inboxwatch.mx1.a.example: verified",
    });
    expect((await findSourceAddressOwner(sys(), { peer: "192.0.2.25" })).orgId).toBe(a.orgId);
    expect((await listSyslogSources(a))[0]).toMatchObject({ state: "verified", verifiedVia: "DNS_TXT" });
    expect((await listSyslogSources(b))[0]).toMatchObject({ state: "refused" });
    await expect(checkSyslogSourceDns(b, { id: theirs.id }, { dnsResolver: resolver })).rejects.toThrow(ValidationError);
  });

  it("refuses another organization's claim id as not found, and a claim whose window closed", async () => {
    const row = await addSyslogSource(a, { address: "192.0.2.26" });
    await expect(checkSyslogSourceDns(b, { id: row.id }, { dnsResolver: resolver })).rejects.toThrow(NotFoundError);
    const late = new Date(Date.now() + SYSLOG_SOURCE_PROOF_WINDOW_MS + 1_000);
    await expect(checkSyslogSourceDns(a, { id: row.id }, { dnsResolver: resolver, now: late })).rejects.toThrow(/window/);
  });

  it("says so when the address has no PTR record", async () => {
    const row = await addSyslogSource(a, { address: "2001:db8::99" });
    expect(await checkSyslogSourceDns(a, { id: row.id }, { dnsResolver: resolver })).toEqual({
      outcome: "none",
      detail: "2001:db8::99 has no PTR record: its holder must set one first",
    });
  });
});
