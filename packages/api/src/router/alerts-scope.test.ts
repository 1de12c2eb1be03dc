/**
 * Issue 20 item 11 through the alerts router: a rule or maintenance window of organization B scoped to
 * organization A's server, port, domain or IP is NOT_FOUND on create and update; B's own scopes work.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type SessionUser } from "@inboxwatch/services/user";

import { createTestWorld, trpcCode as code, type TestWorld } from "../testing.ts";

let w: TestWorld;
let alice: SessionUser, bob: SessionUser;
let slugA: string, slugB: string;
const HOUR = 3_600_000;

beforeAll(async () => {
  w = await createTestWorld();
  alice = await w.user("alice@scope.test");
  bob = await w.user("bob@scope.test");
  slugA = (await w.org(alice, "scope-a")).slug;
  slugB = (await w.org(bob, "scope-b")).slug;
});
afterAll(async () => w?.t.drop());

type Scope = { type: "server" | "port" | "domain" | "ip"; id: string };

async function inventory(caller: ReturnType<TestWorld["caller"]>, name: string, ip: string): Promise<Scope[]> {
  const server = await caller.servers.create({ hostname: `mx.${name}.test` });
  const domain = await caller.domains.create({ domain: `${name}.test` });
  const address = await caller.ips.create({ address: ip });
  return [
    { type: "server", id: server.id },
    { type: "port", id: `${server.id}:587` },
    { type: "domain", id: domain.id },
    { type: "ip", id: address.id },
  ];
}

describe("alert rule and maintenance scopes across organizations", () => {
  it("answers NOT_FOUND for another organization's server, port, domain and IP; own scopes work", async () => {
    const a = w.caller(alice, slugA);
    const b = w.caller(bob, slugB);
    const theirs = await inventory(a, "scope-a", "198.51.100.10");
    const mine = await inventory(b, "scope-b", "198.51.100.11");
    const draft = (scope: Scope | { type: "organization" }) => ({
      name: `on ${scope.type}`,
      scope,
      condition: { kind: "event" as const, event: "port_down" as const },
      severity: "warning" as const,
    });
    const rule = await b.alerts.rules.create(draft({ type: "organization" }));
    const window = { startsAt: new Date(), endsAt: new Date(Date.now() + HOUR) };

    for (const scope of theirs) {
      expect(await code(b.alerts.rules.create(draft(scope))), `create ${scope.type}`).toBe("NOT_FOUND");
      expect(await code(b.alerts.rules.update({ id: rule.id, draft: draft(scope) })), `update ${scope.type}`).toBe("NOT_FOUND");
      expect(await code(b.alerts.maintenance.create({ name: "m", scope, ...window })), `maintenance ${scope.type}`).toBe("NOT_FOUND");
    }
    for (const scope of mine) {
      expect((await b.alerts.rules.create(draft(scope))).scopeId).toBe(scope.id);
      expect((await b.alerts.rules.update({ id: rule.id, draft: draft(scope) })).scopeId).toBe(scope.id);
      expect((await b.alerts.maintenance.create({ name: "m", scope, ...window })).scopeId).toBe(scope.id);
    }
  });
});
