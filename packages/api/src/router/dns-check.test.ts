/**
 * The dnsCheck router by role: who may read health, press "Check now" and edit the blocklist catalogue.
 * (The procedure matrix covers foreign organizations and VIEWERs for every procedure.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type SessionUser } from "@inboxwatch/services/user";

import { createTestWorld, trpcCode as code, type TestWorld } from "../testing.ts";

let w: TestWorld;
let owner: SessionUser, ops: SessionUser, marketing: SessionUser, viewer: SessionUser;
let slug: string;
const ids: { domain?: string; ip?: string } = {};

beforeAll(async () => {
  w = await createTestWorld();
  owner = await w.user("owner@dns.test");
  ops = await w.user("ops@dns.test");
  marketing = await w.user("marketing@dns.test");
  viewer = await w.user("viewer@dns.test");
  const org = await w.org(owner, "dns-roles");
  slug = org.slug;
  await w.addMember(org.id, ops, "OPS");
  await w.addMember(org.id, marketing, "MARKETING");
  await w.addMember(org.id, viewer, "VIEWER");
  const a = w.caller(owner, slug);
  ids.domain = (await a.domains.create({ domain: "roles.test" })).id;
  ids.ip = (await a.ips.create({ address: "203.0.113.50" })).id;
});
afterAll(async () => w?.t.drop());

describe("dnsCheck router", () => {
  it("Check now enqueues the job for OPS; MARKETING changes no infrastructure and may check neither", async () => {
    const { requestedAt } = await w.caller(ops, slug).dnsCheck.domains.run({ id: ids.domain! });
    expect(requestedAt).toBeInstanceOf(Date);
    expect(await code(w.caller(ops, slug).dnsCheck.ips.run({ id: ids.ip! }))).toBe("OK");
    expect(await code(w.caller(marketing, slug).dnsCheck.domains.run({ id: ids.domain! }))).toBe("FORBIDDEN");
    expect(await code(w.caller(marketing, slug).dnsCheck.ips.run({ id: ids.ip! }))).toBe("FORBIDDEN");
    const jobs = await w.t.db.$queryRawUnsafe<{ name: string }[]>(
      `select name from pgboss.job where name in ('dns.check-domain', 'dns.check-ip')`,
    );
    expect(new Set(jobs.map((j) => j.name))).toEqual(new Set(["dns.check-domain", "dns.check-ip"]));
  });

  it("shows never-checked rows to a VIEWER, who cannot change the catalogue", async () => {
    const v = w.caller(viewer, slug);
    expect((await v.dnsCheck.domains.byId({ id: ids.domain! })).latest).toBeNull();
    expect((await v.dnsCheck.list()).ips.map((i) => i.address)).toEqual(["203.0.113.50"]);
    expect((await v.dnsCheck.blocklists.list()).length).toBeGreaterThanOrEqual(50);
    expect(await code(v.dnsCheck.blocklists.create({ zone: "bl.viewer.test", name: "x" }))).toBe("FORBIDDEN");
  });

  it("validates private lists and keeps built-in zones built in", async () => {
    const a = w.caller(owner, slug);
    expect(await code(a.dnsCheck.blocklists.create({ zone: "not a zone", name: "x" }))).toBe("BAD_REQUEST");
    expect(await code(a.dnsCheck.blocklists.create({ zone: "zen.spamhaus.org", name: "dup" }))).toBe("BAD_REQUEST");
    await a.dnsCheck.blocklists.create({ zone: "BL.Partner.test", name: "Partner", kind: "domain", weight: 3 });
    expect((await a.dnsCheck.blocklists.list()).find((l) => l.zone === "bl.partner.test")).toMatchObject({
      kind: "domain",
      weight: 3,
      isPrivate: true,
    });
    expect(await code(a.dnsCheck.blocklists.remove({ zone: "bl.unknown.test" }))).toBe("NOT_FOUND");
  });
});
