/**
 * The server, domain and IP routers' list status and the server's custom ports and EHLO name, by role
 * and tenant: a VIEWER reads the status but cannot add or change custom ports or the EHLO name; OPS
 * can; another organization gets NOT_FOUND and lists nothing of this one.
 * (The procedure matrix covers every procedure for foreign organizations and VIEWERs as well.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type SessionUser } from "@inboxwatch/services/user";

import { createTestWorld, trpcCode as code, type TestWorld } from "../testing.ts";

let w: TestWorld;
let owner: SessionUser, ops: SessionUser, viewer: SessionUser, stranger: SessionUser;
let slug: string, otherSlug: string;
let serverId: string;

beforeAll(async () => {
  w = await createTestWorld();
  owner = await w.user("owner@inv.test");
  ops = await w.user("ops@inv.test");
  viewer = await w.user("viewer@inv.test");
  stranger = await w.user("owner@other-inv.test");
  const org = await w.org(owner, "inv-status");
  slug = org.slug;
  otherSlug = (await w.org(stranger, "inv-other")).slug;
  await w.addMember(org.id, ops, "OPS");
  await w.addMember(org.id, viewer, "VIEWER");
  const a = w.caller(owner, slug);
  serverId = (
    await a.servers.create({
      hostname: "mx.inv.test",
      port465: false,
      customPorts: [{ port: 2525, mode: "starttls" }],
      ehloName: "probe.inv.test",
    })
  ).id;
  await a.domains.create({ domain: "inv.test" });
  await a.ips.create({ address: "203.0.113.77" });
});
afterAll(async () => w?.t.drop());

describe("inventory lists with status", () => {
  it("a VIEWER reads each port's state, the sparklines and the custom ports, and cannot change them", async () => {
    const v = w.caller(viewer, slug);
    const [server] = await v.servers.list();
    expect(server).toMatchObject({
      hostname: "mx.inv.test",
      ehloName: "probe.inv.test",
      customPorts: [{ port: 2525, mode: "starttls" }],
      latency: [],
    });
    expect(server?.ports.map((p) => [p.port, p.state])).toEqual([
      [25, "UNKNOWN"],
      [587, "UNKNOWN"],
      [2525, "UNKNOWN"],
    ]);
    expect(await v.domains.list()).toEqual([expect.objectContaining({ domain: "inv.test", latest: null, gradeHistory: [] })]);
    expect(await v.ips.list()).toEqual([expect.objectContaining({ address: "203.0.113.77", latest: null, listingHistory: [] })]);
    expect(await code(v.servers.update({ id: serverId, customPorts: [] }))).toBe("FORBIDDEN");
    expect(await code(v.servers.update({ id: serverId, ehloName: "viewer.inv.test" }))).toBe("FORBIDDEN");
    expect(await code(v.servers.create({ hostname: "viewer.inv.test", customPorts: [{ port: 2526, mode: "tls" }] }))).toBe("FORBIDDEN");
  });

  it("OPS changes the custom ports and EHLO name; bad input is BAD_REQUEST with the reason", async () => {
    const o = w.caller(ops, slug);
    const updated = await o.servers.update({
      id: serverId,
      customPorts: [
        { port: 2525, mode: "tls" },
        { port: 10587, mode: "starttls" },
      ],
      ehloName: "ops.inv.test",
    });
    expect(updated).toMatchObject({
      ehloName: "ops.inv.test",
      port465: false,
      customPorts: [
        { port: 2525, mode: "tls" },
        { port: 10587, mode: "starttls" },
      ],
    });
    expect(await code(o.servers.update({ id: serverId, customPorts: [{ port: 65536, mode: "tls" }] }))).toBe("BAD_REQUEST");
    expect(await code(o.servers.update({ id: serverId, customPorts: [{ port: 465, mode: "tls" }] }))).toBe("BAD_REQUEST");
    expect(await code(o.servers.update({ id: serverId, ehloName: "no spaces allowed" }))).toBe("BAD_REQUEST");
  });

  it("another organization gets NOT_FOUND and lists nothing of this one", async () => {
    const s = w.caller(stranger, otherSlug);
    expect(await code(s.servers.update({ id: serverId, customPorts: [{ port: 2600, mode: "tls" }] }))).toBe("NOT_FOUND");
    expect(await code(s.servers.byId({ id: serverId }))).toBe("NOT_FOUND");
    expect(await s.servers.list()).toEqual([]);
    expect(await s.domains.list()).toEqual([]);
    expect(await s.ips.list()).toEqual([]);
    expect(await w.t.db.monitor.count({ where: { serverId, port: 2600 } })).toBe(0);
  });
});
