import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext, systemContext } from "../context.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { proveSyslogSourceByLine } from "./syslog-source-proof.ts";
import {
  addSyslogSource,
  findSourceAddressOwner,
  listSyslogSources,
  normalizeSourceAddress,
  removeSyslogSource,
  SYSLOG_SOURCE_PROOF_WINDOW_MS,
} from "./syslog-sources.ts";

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let a: OrgContext;
let b: OrgContext;
let c: OrgContext;

beforeAll(async () => {
  t = await createTestDatabase();
  const ctx = async (slug: string): Promise<OrgContext> => {
    const org = await t.db.organization.create({ data: { name: slug, slug } });
    return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
  };
  a = await ctx("src-a");
  b = await ctx("src-b");
  c = await ctx("src-c");
});
const owner = async (peer: string) => (await findSourceAddressOwner(sys(), { peer })).orgId;
afterAll(async () => t?.drop());

describe("syslog source addresses", () => {
  it("normalizes addresses to one form and refuses ranges, names and the unspecified address", () => {
    expect(normalizeSourceAddress(" 192.0.2.10 ")).toBe("192.0.2.10");
    expect(normalizeSourceAddress("::ffff:192.0.2.10")).toBe("192.0.2.10");
    expect(normalizeSourceAddress("[2001:DB8:0:0:0:0:0:1]")).toBe("2001:db8::1");
    expect(normalizeSourceAddress("fe80::1%eth0")).toBe("fe80::1");
    for (const bad of ["192.0.2.0/24", "mx.example", "0.0.0.0", "::", ""]) expect(normalizeSourceAddress(bad)).toBeNull();
  });

  it("registers an address as a PENDING claim that attributes nothing until it is proven", async () => {
    const row = await addSyslogSource(a, { address: "2001:db8::25", label: "mx1" });
    expect(row).toMatchObject({ address: "2001:db8::25", state: "pending", verifiedAt: null });
    expect(Date.parse(row.proofBefore) - Date.now()).toBeGreaterThan(SYSLOG_SOURCE_PROOF_WINDOW_MS - 60_000);
    expect(await findSourceAddressOwner(sys(), { peer: "2001:db8:0:0::25" })).toEqual({ orgId: null, unverifiedClaim: true });
    expect(await findSourceAddressOwner(sys(), { peer: "2001:db8::26" })).toEqual({ orgId: null, unverifiedClaim: false });
    // Another organization may claim it too while nobody has proven anything; the same one may not twice.
    await addSyslogSource(b, { address: "2001:DB8:0::25" });
    await expect(addSyslogSource(a, { address: "2001:db8::25" })).rejects.toThrow(ConflictError);
    await expect(addSyslogSource(a, { address: "10.0.0.0/8" })).rejects.toThrow(ValidationError);
    expect((await listSyslogSources(b)).map((r) => r.state)).toEqual(["pending"]);
    expect(await t.db.auditLog.count({ where: { orgId: a.orgId, action: "ingest.syslog-source.add" } })).toBe(1);

    // A's proof wins: the address is A's, B's claim is refused and B cannot claim it again.
    expect(await proveSyslogSourceByLine(sys(), { orgId: a.orgId, peer: "2001:db8::25" })).toBe("verified");
    expect(await owner("2001:db8::25")).toBe(a.orgId);
    expect((await listSyslogSources(a))[0]).toMatchObject({ state: "verified", verifiedVia: "TOKENED_LINE" });
    expect((await listSyslogSources(b))[0]).toMatchObject({ state: "refused" });
    expect(await proveSyslogSourceByLine(sys(), { orgId: b.orgId, peer: "2001:db8::25" })).toBe("none");
    await expect(addSyslogSource(b, { address: "2001:db8::25" })).rejects.toThrow(/another organization/);
    await expect(addSyslogSource(c, { address: "2001:db8::25" })).rejects.toThrow(/another organization/);
    expect(await t.db.auditLog.count({ where: { orgId: b.orgId, action: "ingest.syslog-source.refuse" } })).toBe(1);

    await expect(removeSyslogSource(b, { id: row.id })).rejects.toThrow(NotFoundError);
    await removeSyslogSource(a, { id: row.id });
    expect(await owner("2001:db8::25")).toBeNull();
    // Freed, the address can be claimed again (B's refused claim is renewed) and proven by its new holder.
    expect((await addSyslogSource(b, { address: "2001:db8::25" })).state).toBe("pending");
    expect(await proveSyslogSourceByLine(sys(), { orgId: b.orgId, peer: "2001:db8::25" })).toBe("verified");
    expect(await owner("2001:db8::25")).toBe(b.orgId);
  });

  it("takes no proof after the window, and renews an expired claim when it is added again", async () => {
    const row = await addSyslogSource(a, { address: "192.0.2.40" });
    const late = new Date(Date.now() + SYSLOG_SOURCE_PROOF_WINDOW_MS + 1_000);
    expect(await proveSyslogSourceByLine(sys(), { orgId: a.orgId, peer: "192.0.2.40", now: late })).toBe("none");
    await t.db.syslogSourceAddress.update({ where: { id: row.id }, data: { proofBefore: new Date(Date.now() - 1_000) } });
    expect((await listSyslogSources(a)).find((r) => r.id === row.id)?.state).toBe("expired");
    expect(await proveSyslogSourceByLine(sys(), { orgId: a.orgId, peer: "192.0.2.40" })).toBe("none");
    const renewed = await addSyslogSource(a, { address: "192.0.2.40" });
    expect(renewed).toMatchObject({ id: row.id, state: "pending" });
    expect(await proveSyslogSourceByLine(sys(), { orgId: a.orgId, peer: "::ffff:192.0.2.40" })).toBe("verified");
  });

  it("refuses a proof that loses the race to another organization's verification", async () => {
    await addSyslogSource(c, { address: "192.0.2.41" });
    // B verified the address between C's claim and C's proof (the rows C's claim would have been refused with did not include it yet).
    await t.db.syslogSourceAddress.create({
      data: {
        orgId: b.orgId,
        address: "192.0.2.41",
        status: "VERIFIED",
        verifiedAt: new Date(),
        verifiedVia: "TOKENED_LINE",
        proofBefore: new Date(),
        verificationCode: "race",
      },
    });
    expect(await proveSyslogSourceByLine(sys(), { orgId: c.orgId, peer: "192.0.2.41" })).toBe("refused");
    expect((await listSyslogSources(c)).find((r) => r.address === "192.0.2.41")?.state).toBe("refused");
    expect(await owner("192.0.2.41")).toBe(b.orgId);
  });
});
