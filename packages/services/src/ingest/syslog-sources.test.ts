import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext } from "../context.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { addSyslogSource, findOrgBySourceAddress, listSyslogSources, normalizeSourceAddress, removeSyslogSource } from "./syslog-sources.ts";

let t: TestDatabase;
let a: OrgContext;
let b: OrgContext;

beforeAll(async () => {
  t = await createTestDatabase();
  const ctx = async (slug: string): Promise<OrgContext> => {
    const org = await t.db.organization.create({ data: { name: slug, slug } });
    return { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
  };
  a = await ctx("src-a");
  b = await ctx("src-b");
});
afterAll(async () => t?.drop());

describe("syslog source addresses", () => {
  it("normalizes addresses to one form and refuses ranges, names and the unspecified address", () => {
    expect(normalizeSourceAddress(" 192.0.2.10 ")).toBe("192.0.2.10");
    expect(normalizeSourceAddress("::ffff:192.0.2.10")).toBe("192.0.2.10");
    expect(normalizeSourceAddress("[2001:DB8:0:0:0:0:0:1]")).toBe("2001:db8::1");
    expect(normalizeSourceAddress("fe80::1%eth0")).toBe("fe80::1");
    for (const bad of ["192.0.2.0/24", "mx.example", "0.0.0.0", "::", ""]) expect(normalizeSourceAddress(bad)).toBeNull();
  });

  it("registers an address for one organization only: another organization gets a conflict", async () => {
    const row = await addSyslogSource(a, { address: "2001:db8::25", label: "mx1" });
    expect(row.address).toBe("2001:db8::25");
    await expect(addSyslogSource(b, { address: "2001:DB8:0::25" })).rejects.toThrow(ConflictError);
    await expect(addSyslogSource(a, { address: "2001:db8::25" })).rejects.toThrow(ConflictError);
    await expect(addSyslogSource(a, { address: "10.0.0.0/8" })).rejects.toThrow(ValidationError);
    expect(await findOrgBySourceAddress(t.db, "2001:db8:0:0::25")).toBe(a.orgId);
    expect(await findOrgBySourceAddress(t.db, "2001:db8::26")).toBeNull();
    expect((await listSyslogSources(b)).length).toBe(0);
    expect(await t.db.auditLog.count({ where: { orgId: a.orgId, action: "ingest.syslog-source.add" } })).toBe(1);

    await expect(removeSyslogSource(b, { id: row.id })).rejects.toThrow(NotFoundError);
    await removeSyslogSource(a, { id: row.id });
    expect(await findOrgBySourceAddress(t.db, "2001:db8::25")).toBeNull();
    expect((await addSyslogSource(b, { address: "2001:db8::25" })).address).toBe("2001:db8::25");
  });
});
