import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { forOrg, type OrgContext, systemContext } from "@inboxwatch/services";

import { RULE_FORM_DEFAULTS, ruleFormToDraft, withRuleFormKind } from "../engine/index.ts";
import { createChannel } from "../notifications/channels.ts";
import { evaluateRules } from "./evaluate.ts";
import { createMaintenanceWindow } from "../rules/maintenance.ts";
import { monitorObservations, type MonitorAlertRow } from "./probe-inputs.ts";
import { createRule, seedPresetRules } from "../rules/rules.ts";

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

function row(over: Partial<MonitorAlertRow>): MonitorAlertRow {
  return {
    serverId: "srv",
    port: 25,
    domainId: null,
    state: "UP",
    stateSince: new Date(T0),
    lastProbeAt: new Date(T0 + MINUTE),
    baseline: { starttlsOffered: true, tlsVersion: "TLSv1.3" },
    lastOkFingerprint: { starttlsOffered: true, tlsVersion: "TLSv1.3", certNotAfter: null },
    driftAt: {},
    ...over,
  };
}
const active = (m: MonitorAlertRow) =>
  monitorObservations(m)
    .filter((o) => o.active)
    .map((o) => o.type);

describe("monitorObservations", () => {
  it("says nothing is wrong with a healthy port, and nothing at all before its first probe", () => {
    expect(active(row({}))).toEqual([]);
    expect(monitorObservations(row({ lastProbeAt: null }))).toEqual([]);
  });

  it("reports DOWN and DEGRADED as port events dated from the state change", () => {
    const down = monitorObservations(row({ state: "DOWN", stateSince: new Date(T0 - 10 * MINUTE) }));
    expect(down.find((o) => o.type === "port_down")).toMatchObject({ active: true, at: T0 - 10 * MINUTE });
    expect(active(row({ state: "DEGRADED" }))).toEqual(["port_degraded"]);
  });

  it("reports STARTTLS lost and a lower TLS version against the baseline, dated from the drift event", () => {
    const lostAt = new Date(T0 - 5 * MINUTE);
    const m = row({ lastOkFingerprint: { starttlsOffered: false, tlsVersion: "TLSv1.2" }, driftAt: { starttls_disappeared: lostAt } });
    expect(active(m)).toEqual(["starttls_lost", "tls_downgraded"]);
    expect(monitorObservations(m).find((o) => o.type === "starttls_lost")?.at).toBe(lostAt.getTime());
  });

  it("hands the certificate's notAfter to the expiry rule", () => {
    const m = row({ lastOkFingerprint: { starttlsOffered: true, tlsVersion: "TLSv1.3", certNotAfter: "2026-12-05T00:00:00Z" } });
    expect(monitorObservations(m).find((o) => o.type === "cert_expiring")?.notAfter).toBe(Date.parse("2026-12-05T00:00:00Z"));
  });
});

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => t?.drop());

let orgCount = 0;
async function orgWithDownPort(): Promise<{ ctx: OrgContext; serverId: string }> {
  const org = await t.db.organization.create({ data: { name: "Probes", slug: `probe-alerts-${++orgCount}` } });
  const ctx: OrgContext = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
  const server = await t.db.mailServer.create({ data: { orgId: org.id, hostname: `mx${orgCount}.example.com` } });
  await t.db.monitor.create({
    data: {
      orgId: org.id,
      serverId: server.id,
      port: 25,
      mode: "starttls",
      state: "DOWN",
      stateSince: new Date(T0 - 10 * MINUTE),
      lastProbeAt: new Date(T0),
      lastOutcome: "refused",
    },
  });
  return { ctx, serverId: server.id };
}

describe("probe monitors in rule evaluation", () => {
  it("opens a port-down incident for the organization, the server and the port, and resolves it when the port is back", async () => {
    const { ctx, serverId } = await orgWithDownPort();
    for (const scope of [
      { type: "organization" as const },
      { type: "server" as const, id: serverId },
      { type: "port" as const, id: `${serverId}:25` },
    ]) {
      await createRule(ctx, {
        name: `down ${scope.type}`,
        scope,
        condition: { kind: "event", event: "port_down" },
        severity: "critical",
        minVolume: 1,
        channelIds: [],
      });
    }
    expect(await evaluateRules(ctx, { now: T0 + MINUTE })).toMatchObject({ opened: 3 });
    await t.db.monitor.updateMany({
      where: { orgId: ctx.orgId },
      data: { state: "UP", stateSince: new Date(T0 + 2 * MINUTE), lastProbeAt: new Date(T0 + 2 * MINUTE) },
    });
    expect(await evaluateRules(ctx, { now: T0 + 3 * MINUTE })).toMatchObject({ resolved: 3 });
  });

  it("opens an incident for a port-down rule made with the rule form's defaults", async () => {
    const { ctx, serverId } = await orgWithDownPort();
    // Exactly what the form sends for "New rule" → kind "State or drift event" (Port down is the first event), scope: the port.
    const { channel } = await createChannel(ctx, { kind: "webhook", name: "hook", config: { url: "http://127.0.0.1:9/hook" } });
    const form = {
      ...withRuleFormKind({ ...RULE_FORM_DEFAULTS, name: "Port 25 down" }, "event"),
      scopeType: "port" as const,
      scopeId: `${serverId}:25`,
      channelIds: [channel.id],
    };
    await createRule(ctx, ruleFormToDraft(form));
    expect(await evaluateRules(ctx, { now: T0 + MINUTE })).toMatchObject({ opened: 1, notifications: 1 });
    const incident = await t.db.incident.findFirstOrThrow({ where: { orgId: ctx.orgId } });
    expect(incident).toMatchObject({
      status: "open",
      scopeKey: `port:${serverId}:25`,
      title: `Port 25 down — mx${orgCount}.example.com port 25`,
    });
    // The notification says which port too.
    const notification = await t.db.notification.findFirstOrThrow({ where: { orgId: ctx.orgId } });
    expect(notification.payload).toMatchObject({ title: incident.title, scope: { label: `mx${orgCount}.example.com port 25` } });
  });

  it("keeps one incident per port: six ports down and one back resolves that one and keeps the other five open", async () => {
    const org = await t.db.organization.create({ data: { name: "Six ports", slug: `six-ports-${++orgCount}` } });
    await seedPresetRules(forOrg(systemContext(t.db, "test"), org.id));
    const ports = [25, 587, 465];
    const monitorIds: string[] = [];
    for (const host of ["smtp.six.example", "relay.six.example"]) {
      const server = await t.db.mailServer.create({ data: { orgId: org.id, hostname: host } });
      for (const port of ports) {
        const m = await t.db.monitor.create({
          data: {
            orgId: org.id,
            serverId: server.id,
            port,
            mode: "starttls",
            state: "DOWN",
            stateSince: new Date(T0 - 10 * MINUTE),
            lastProbeAt: new Date(T0),
            consecutiveFailures: 3,
            lastOutcome: "refused",
          },
        });
        monitorIds.push(m.id);
      }
    }
    // A seventh port, healthy all along and probed last: under the old organization-wide judgement its
    // newest observation ("up") decided for all six.
    const other = await t.db.mailServer.create({ data: { orgId: org.id, hostname: "mx.six.example" } });
    await t.db.monitor.create({
      data: {
        orgId: org.id,
        serverId: other.id,
        port: 25,
        mode: "starttls",
        state: "UP",
        stateSince: new Date(T0 - MINUTE),
        lastProbeAt: new Date(T0 + MINUTE),
      },
    });

    // The preset holds 2 minutes before firing.
    await evaluateRules(forOrg(systemContext(t.db, "test"), org.id), { now: T0 + MINUTE });
    expect(await evaluateRules(forOrg(systemContext(t.db, "test"), org.id), { now: T0 + 3 * MINUTE })).toMatchObject({ opened: 6 });
    const opened = await t.db.incident.findMany({ where: { orgId: org.id }, orderBy: { title: "asc" } });
    expect(opened.map((i) => i.title)).toContain("SMTP port down — smtp.six.example port 587");
    expect(opened.every((i) => i.scopeType === "port" && i.status === "open")).toBe(true);
    expect(JSON.stringify(opened.find((i) => i.title.endsWith("relay.six.example port 465"))?.evidence)).toContain(
      "relay.six.example port 465 is DOWN",
    );

    // relay:25 comes back; after the 2-minute for-duration only its incident resolves.
    const back = monitorIds[3] ?? "";
    await t.db.monitor.update({
      where: { id: back },
      data: { state: "UP", stateSince: new Date(T0 + 4 * MINUTE), lastProbeAt: new Date(T0 + 4 * MINUTE), consecutiveFailures: 0 },
    });
    await evaluateRules(forOrg(systemContext(t.db, "test"), org.id), { now: T0 + 4 * MINUTE });
    expect(await evaluateRules(forOrg(systemContext(t.db, "test"), org.id), { now: T0 + 6 * MINUTE })).toMatchObject({
      resolved: 1,
      opened: 0,
    });
    const after = await t.db.incident.findMany({ where: { orgId: org.id } });
    expect(after.filter((i) => i.status === "open")).toHaveLength(5);
    expect(after.find((i) => i.status === "resolved")?.title).toBe("SMTP port down — relay.six.example port 25");
  });

  it("stays quiet on a port whose server is in maintenance", async () => {
    const { ctx, serverId } = await orgWithDownPort();
    await createRule(ctx, {
      name: "port down",
      scope: { type: "port", id: `${serverId}:25` },
      condition: { kind: "event", event: "port_down" },
      severity: "critical",
      minVolume: 1,
      channelIds: [],
    });
    await createMaintenanceWindow(ctx, {
      name: "MTA upgrade",
      scope: { type: "server", id: serverId },
      startsAt: new Date(T0 - MINUTE),
      endsAt: new Date(T0 + 60 * MINUTE),
    });
    const summary = await evaluateRules(ctx, { now: T0 + MINUTE });
    expect(summary.opened).toBe(0);
    expect(await t.db.incident.count({ where: { orgId: ctx.orgId } })).toBe(0);
  });
});
