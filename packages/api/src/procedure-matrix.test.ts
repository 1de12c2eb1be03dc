/**
 * Walks EVERY procedure of the app router: a member of another organization gets NOT_FOUND, a VIEWER
 * gets FORBIDDEN for what its role lacks, and nobody signed out reaches a protected procedure. The list
 * comes from the router itself and every organization procedure must have a fixture input here, so a new
 * procedure cannot be added without being covered.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { can, type SessionUser, type TPermission } from "@inboxwatch/services";
import { ingestReport, processRawReport } from "@inboxwatch/services/reports/index";

import { appRouter } from "./root.ts";
import { createTestWorld, type TestWorld } from "./testing.ts";

let w: TestWorld;
let ownerA: SessionUser, viewerA: SessionUser, opsA: SessionUser, ownerB: SessionUser;
let orgA: { id: string; slug: string }, orgB: { id: string; slug: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  w = await createTestWorld();
  ownerA = await w.user("owner-a@a.test");
  viewerA = await w.user("viewer-a@a.test");
  opsA = await w.user("ops-a@a.test");
  ownerB = await w.user("owner-b@b.test");
  orgA = await w.org(ownerA, "org-a");
  orgB = await w.org(ownerB, "org-b");
  await w.addMember(orgA.id, viewerA, "VIEWER");
  ids.membership = await w.addMember(orgA.id, opsA, "OPS");
  const a = w.caller(ownerA, orgA.slug);
  ids.server = (await a.server.create({ hostname: "mx1.a.test" })).id;
  ids.domain = (await a.domain.create({ domain: "a.test", dkimSelectors: ["s1"] })).id;
  ids.ip = (await a.ip.create({ address: "203.0.113.10" })).id;
  ids.invitation = (await a.invitation.create({ email: "new@a.test", role: "VIEWER" })).id;
  ids.apiKey = (await a.apiKey.create({ name: "ci", scopes: ["org.read"] })).id;
  // A quarantined raw report of org A (bytes that are no report).
  ids.rawReport = (
    await ingestReport(
      { db: w.t.db, orgId: orgA.id, actor: { type: "SYSTEM", label: "matrix" } },
      { bytes: Buffer.from("not a report"), channel: "API" },
    )
  ).id;
  await processRawReport(w.t.db, { orgId: orgA.id, rawReportId: ids.rawReport });
  // A parsed DMARC aggregate report of org A, for reports.byId.
  const period = { beginAt: new Date("2026-12-01T00:00:00Z"), endAt: new Date("2026-12-02T00:00:00Z") };
  ids.dmarcReport = (
    await w.t.db.dmarcReport.create({
      data: {
        orgId: orgA.id,
        reporterOrg: "google.com",
        reportId: "r1",
        ...period,
        domain: "a.test",
        recordCount: 0,
        messageCount: 0,
        dedupKey: "matrix-r1",
      },
    })
  ).id;
  // An IMAP report mailbox of org A (never connected to: the callers are all refused first).
  ids.reportMailbox = (await a.reports.mailboxCreate({ host: "imap.a.test", username: "dmarc@a.test", password: "secret" })).id;
  ids.syslogSource = (await a.deliverability.addSyslogSource({ address: "198.51.100.7", label: "mx1" })).id;
  // Alerts: a channel, a rule, a maintenance window and an incident of org A.
  // Probes: server.create made the monitors; one stored result of the port 25 monitor.
  ids.monitor = (await w.t.db.monitor.findFirstOrThrow({ where: { serverId: ids.server, port: 25 } })).id;
  const probeTime = new Date("2026-11-27T12:00:00Z");
  ids.probeResult = (
    await w.t.db.probeResult.create({
      data: { orgId: orgA.id, monitorId: ids.monitor, time: probeTime, outcome: "ok", totalMs: 120, result: {} },
    })
  ).id;
  ids.alertChannel = (await a.alerts.createChannel({ kind: "email", name: "ops mail", config: { to: ["ops@a.test"] } })).channel.id;
  const condition = { kind: "threshold", metric: "rate_5xx", comparator: ">", value: 5, windowMinutes: 30 } as const;
  ids.alertRule = (await a.alerts.createRule({ name: "5xx", scope: { type: "organization" }, condition, severity: "warning" })).id;
  ids.maintenance = (
    await a.alerts.createMaintenance({
      name: "upgrade",
      scope: { type: "organization" },
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 3_600_000),
    })
  ).id;
  const evidence = { summary: "5xx at 20%", value: 20, threshold: 5, volume: 300, window: { from: 0, to: 0 }, points: [], events: [] };
  ids.incident = (
    await w.t.db.incident.create({
      data: {
        orgId: orgA.id,
        ruleId: ids.alertRule,
        scopeKey: "organization",
        scopeType: "organization",
        severity: "warning",
        title: "5xx",
        openedAt: new Date(),
        evidence,
      },
    })
  ).id;
});
afterAll(async () => w?.t.drop());

/** A valid input per organization procedure, aimed at org A's rows. */
const fixtures: Record<string, () => unknown> = {
  "organization.current": () => undefined,
  "organization.overview": () => undefined,
  "organization.update": () => ({ name: "Renamed" }),
  "organization.leave": () => undefined,
  "organization.transferOwnership": () => ({ membershipId: ids.membership }),
  "member.list": () => undefined,
  "member.changeRole": () => ({ membershipId: ids.membership, role: "MARKETING" }),
  "member.remove": () => ({ membershipId: ids.membership }),
  "invitation.list": () => undefined,
  "invitation.create": () => ({ email: "other@a.test", role: "VIEWER" }),
  "invitation.revoke": () => ({ id: ids.invitation }),
  "apiKey.list": () => undefined,
  "apiKey.create": () => ({ name: "k", scopes: ["org.read"] }),
  "apiKey.revoke": () => ({ id: ids.apiKey }),
  "audit.list": () => ({}),
  "audit.actions": () => undefined,
  "server.list": () => undefined,
  "server.byId": () => ({ id: ids.server }),
  "server.create": () => ({ hostname: "mx9.a.test" }),
  "server.update": () => ({ id: ids.server, isLab: true }),
  "server.remove": () => ({ id: ids.server }),
  "domain.list": () => undefined,
  "domain.byId": () => ({ id: ids.domain }),
  "domain.create": () => ({ domain: "z.a.test" }),
  "domain.update": () => ({ id: ids.domain, dkimSelectors: ["s2"] }),
  "domain.remove": () => ({ id: ids.domain }),
  "ip.list": () => undefined,
  "ip.byId": () => ({ id: ids.ip }),
  "ip.create": () => ({ address: "203.0.113.99", domainIds: [ids.domain] }),
  "ip.update": () => ({ id: ids.ip, pool: "p", domainIds: [ids.domain] }),
  "ip.remove": () => ({ id: ids.ip }),
  "reports.setup": () => undefined,
  "reports.list": () => ({}),
  "reports.byId": () => ({ id: ids.dmarcReport }),
  "reports.dmarcOverview": () => ({}),
  "reports.dmarcSources": () => ({ domain: "a.test" }),
  "reports.dmarcReporters": () => ({}),
  "reports.dmarcRecords": () => ({ sourceIp: "203.0.113.10" }),
  "reports.dmarcVerdict": () => ({ domain: "a.test" }),
  "reports.complaints": () => ({}),
  "reports.complaintList": () => ({}),
  "reports.suppressionCsv": () => undefined,
  "reports.tls": () => ({}),
  "reports.rawList": () => ({}),
  "reports.rawCounts": () => undefined,
  "reports.rawById": () => ({ id: ids.rawReport }),
  "reports.reprocess": () => ({ id: ids.rawReport }),
  "reports.mailboxes": () => undefined,
  "reports.mailboxCreate": () => ({ host: "imap2.a.test", username: "u", password: "p" }),
  "reports.mailboxSetEnabled": () => ({ id: ids.reportMailbox, enabled: false }),
  "reports.mailboxRemove": () => ({ id: ids.reportMailbox }),
  "reports.mailboxTest": () => ({ id: ids.reportMailbox }),
  "reports.mailboxPoll": () => ({ id: ids.reportMailbox }),
  "dnsCheck.list": () => undefined,
  "dnsCheck.domain": () => ({ id: ids.domain }),
  "dnsCheck.ip": () => ({ id: ids.ip }),
  "dnsCheck.drift": () => ({ domainId: ids.domain }),
  "dnsCheck.runDomain": () => ({ id: ids.domain }),
  "dnsCheck.runIp": () => ({ id: ids.ip }),
  "dnsCheck.blocklists": () => undefined,
  "dnsCheck.addBlocklist": () => ({ zone: "bl.private.a.test", name: "Private" }),
  "dnsCheck.setBlocklistEnabled": () => ({ zone: "zen.spamhaus.org", enabled: false }),
  "dnsCheck.removeBlocklist": () => ({ zone: "bl.private.a.test" }),
  "deliverability.summary": () => ({ from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }),
  "deliverability.events": () => ({ recipient: "someone@gmail.com", limit: 10 }),
  "deliverability.unparsed": () => undefined,
  "deliverability.queue": () => ({ from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }),
  "deliverability.ingest": () => undefined,
  "deliverability.detections": () => ({ from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }),
  "deliverability.syslogSources": () => undefined,
  "deliverability.addSyslogSource": () => ({ address: "198.51.100.77" }),
  "deliverability.removeSyslogSource": () => ({ id: ids.syslogSource }),
  "deliverability.checkSyslogSource": () => ({ id: ids.syslogSource }),
  "deliverability.rotateSyslogToken": () => undefined,
  "deliverability.setKeepAddresses": () => ({ keep: false }),
  "probes.monitors": () => ({ serverId: ids.server }),
  "probes.results": () => ({ monitorId: ids.monitor }),
  "probes.result": () => ({ id: ids.probeResult, time: new Date("2026-11-27T12:00:00Z") }),
  "probes.series": () => ({ monitorId: ids.monitor, range: "7d" }),
  "probes.events": () => ({ serverId: ids.server }),
  "probes.health": () => undefined,
  "probes.probeNow": () => ({ id: ids.monitor }),
  "probes.updateMonitor": () => ({ id: ids.monitor, intervalSeconds: 600 }),
  "probes.domainMx": () => ({ domainId: ids.domain }),
  "probes.setDomainMx": () => ({ domainId: ids.domain, enabled: false }),
  "probes.probeDomainMx": () => ({ domainId: ids.domain }),
  "alerts.list": () => ({ status: "active" }),
  "alerts.byId": () => ({ id: ids.incident }),
  "alerts.acknowledge": () => ({ id: ids.incident }),
  "alerts.assign": () => ({ id: ids.incident, assigneeId: null }),
  "alerts.comment": () => ({ id: ids.incident, body: "looking" }),
  "alerts.resolve": () => ({ id: ids.incident }),
  "alerts.rules": () => undefined,
  "alerts.ruleById": () => ({ id: ids.alertRule }),
  "alerts.createRule": () => ({
    name: "new",
    scope: { type: "organization" },
    condition: { kind: "event", event: "port_down" },
    severity: "critical",
  }),
  "alerts.updateRule": () => ({
    id: ids.alertRule,
    draft: { name: "5xx edited", scope: { type: "organization" }, condition: { kind: "event", event: "port_down" }, severity: "info" },
  }),
  "alerts.setRuleEnabled": () => ({ id: ids.alertRule, enabled: false }),
  "alerts.removeRule": () => ({ id: ids.alertRule }),
  "alerts.maintenance": () => undefined,
  "alerts.createMaintenance": () => ({
    name: "m",
    scope: { type: "organization" },
    startsAt: new Date(),
    endsAt: new Date(Date.now() + 60_000),
  }),
  "alerts.removeMaintenance": () => ({ id: ids.maintenance }),
  "alerts.endMaintenance": () => ({ id: ids.maintenance }),
  "alerts.channels": () => undefined,
  "alerts.channelDeliveries": () => ({ id: ids.alertChannel }),
  "alerts.createChannel": () => ({ kind: "email", name: "x", config: { to: ["x@a.test"] } }),
  "alerts.updateChannel": () => ({ id: ids.alertChannel, enabled: false }),
  "alerts.rotateChannelSecret": () => ({ id: ids.alertChannel }),
  "alerts.removeChannel": () => ({ id: ids.alertChannel }),
  "alerts.sendTest": () => ({ id: ids.alertChannel }),
};

/** Inputs for procedures outside organizations (public or signed-in only). */
const outsideFixtures: Record<string, () => unknown> = {
  health: () => undefined,
  "auth.signUp": () => ({ email: "matrix@x.test", password: "long enough password" }),
  "auth.requestMagicLink": () => ({ email: "matrix@x.test" }),
  "auth.describeInvitation": () => ({ token: "no-such-token-000" }),
  "auth.acceptInvitation": () => ({ token: "no-such-token-000" }),
  "me.get": () => undefined,
  "me.organizations": () => undefined,
  "me.createOrganization": () => ({ name: "New org", slug: "matrix-new" }),
  "me.changePassword": () => ({ currentPassword: "x", newPassword: "y" }),
  "me.sessions": () => undefined,
  "me.signOutEverywhere": () => undefined,
};

type AnyProcedure = { _def: { meta?: { permission?: TPermission }; type: string }; (...a: unknown[]): unknown };
const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, AnyProcedure> } })._def.procedures);
const orgProcedures = procedures.filter(([, p]) => p._def.meta?.permission);
const otherProcedures = procedures.filter(([, p]) => !p._def.meta?.permission);

async function call(caller: unknown, path: string, input: unknown): Promise<{ ok: true } | { ok: false; code: string }> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    i: unknown,
  ) => Promise<unknown>;
  try {
    await fn(input);
    return { ok: true };
  } catch (err) {
    if (err instanceof TRPCError) return { ok: false, code: err.code };
    throw err;
  }
}

describe("procedure matrix", () => {
  it("has a fixture for every procedure of the router", () => {
    expect(orgProcedures.map(([p]) => p).filter((p) => !fixtures[p])).toEqual([]);
    expect(otherProcedures.map(([p]) => p).filter((p) => !outsideFixtures[p])).toEqual([]);
  });

  it.each(orgProcedures.map(([p]) => p))("%s: a member of another organization gets NOT_FOUND", async (path) => {
    // Naming org A while being a member of org B only.
    expect(await call(w.caller(ownerB, orgA.slug), path, fixtures[path]!())).toEqual({ ok: false, code: "NOT_FOUND" });
    // Acting in org B (as its owner, with every permission) on org A's ids.
    const input = fixtures[path]!();
    if (input && typeof input === "object" && Object.values(input).some((v) => Object.values(ids).includes(v as string))) {
      expect(await call(w.caller(ownerB, orgB.slug), path, input)).toEqual({ ok: false, code: "NOT_FOUND" });
    }
  });

  it.each(orgProcedures.map(([p, proc]) => [p, proc._def.meta!.permission!] as const))(
    "%s: a VIEWER is refused unless the role grants %s",
    async (path, permission) => {
      const result = await call(w.caller(viewerA, orgA.slug), path, fixtures[path]!());
      // Leaving is the one write every member may do; put the viewer back for the next rows.
      if (path === "organization.leave" && result.ok) await w.addMember(orgA.id, viewerA, "VIEWER");
      if (can("VIEWER", permission)) expect(result).not.toEqual({ ok: false, code: "FORBIDDEN" });
      else expect(result).toEqual({ ok: false, code: "FORBIDDEN" });
    },
  );

  it.each(otherProcedures.map(([p]) => p))("%s: signed-out callers reach only public procedures", async (path) => {
    const result = await call(w.caller(null), path, outsideFixtures[path]!());
    const isPublic = ["health", "auth.signUp", "auth.requestMagicLink", "auth.describeInvitation"].includes(path);
    if (isPublic) expect(result).not.toEqual({ ok: false, code: "UNAUTHORIZED" });
    else expect(result).toEqual({ ok: false, code: "UNAUTHORIZED" });
  });

  it("ip.create / ip.update: org A's domain ids linked from org B are NOT_FOUND (ids inside a list)", async () => {
    const b = w.caller(ownerB, orgB.slug);
    const own = await b.ip.create({ address: "198.51.100.20" });
    expect(await call(b, "ip.update", { id: own.id, domainIds: [ids.domain] })).toEqual({ ok: false, code: "NOT_FOUND" });
    expect(await call(b, "ip.create", { address: "198.51.100.21", domainIds: [ids.domain] })).toEqual({ ok: false, code: "NOT_FOUND" });
    expect((await b.ip.byId({ id: own.id })).domains).toEqual([]);
    expect((await b.ip.list()).map((i) => i.address)).toEqual(["198.51.100.20"]);
  });

  it("left org A's rows untouched by the foreign callers", async () => {
    const a = w.caller(ownerA, orgA.slug);
    expect((await a.server.byId({ id: ids.server! })).hostname).toBe("mx1.a.test");
    expect((await a.domain.byId({ id: ids.domain! })).dkimSelectors).toEqual(["s1"]);
    expect(await a.ip.byId({ id: ids.ip! })).toMatchObject({ pool: null, domains: [] });
    expect((await a.member.list()).map((m) => m.role).sort()).toEqual(["OPS", "OWNER", "VIEWER"]);
    expect(await a.alerts.byId({ id: ids.incident! })).toMatchObject({ status: "open", timeline: [] });
    expect((await a.alerts.ruleById({ id: ids.alertRule! })).name).toBe("5xx");
  });
});
