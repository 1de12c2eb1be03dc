import { describe, expect, it } from "vitest";

import { can, PERMISSIONS, ROLE_PERMISSIONS, ROLES } from "./permissions.ts";

describe("role → permission table", () => {
  it("gives the owner everything and the viewer only reads", () => {
    expect([...ROLE_PERMISSIONS.OWNER].sort()).toEqual([...PERMISSIONS].sort());
    expect(ROLE_PERMISSIONS.VIEWER.every((p) => p.endsWith(".read"))).toBe(true);
  });

  it("keeps billing and deletion with the owner", () => {
    for (const role of ROLES.filter((r) => r !== "OWNER")) {
      expect(can(role, "billing.write")).toBe(false);
      expect(can(role, "org.delete")).toBe(false);
    }
  });

  it("lets ops change infrastructure and marketing the business side, neither members", () => {
    expect(can("OPS", "servers.write")).toBe(true);
    expect(can("MARKETING", "servers.write")).toBe(false);
    expect(can("MARKETING", "domains.write")).toBe(false);
    expect(can("MARKETING", "analytics.write")).toBe(true);
    expect(can("OPS", "analytics.write")).toBe(false);
    expect(can("VIEWER", "analytics.read")).toBe(true);
    expect(can("OPS", "members.write")).toBe(false);
    expect(can("MARKETING", "members.write")).toBe(false);
  });
});
