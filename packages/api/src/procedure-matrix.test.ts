/**
 * Walks EVERY procedure of the app router: a member of another organization gets NOT_FOUND, a VIEWER
 * gets FORBIDDEN for what its role lacks, and nobody signed out reaches a protected procedure. The list
 * comes from the router itself and every organization procedure must have a fixture input here, so a new
 * procedure cannot be added without being covered.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { can, type TPermission, systemContext } from "@inboxwatch/services";
import { type SessionUser } from "@inboxwatch/services/user";
import { ingestReport, processRawReport } from "@inboxwatch/services/reports";

import { sampleFigures } from "@inboxwatch/reporting/sample-figures";

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
  ids.server = (await a.servers.create({ hostname: "mx1.a.test" })).id;
  ids.domain = (await a.domains.create({ domain: "a.test", dkimSelectors: ["s1"] })).id;
  ids.ip = (await a.ips.create({ address: "203.0.113.10" })).id;
  ids.invitation = (await a.invitations.create({ email: "new@a.test", role: "VIEWER" })).id;
  ids.apiKey = (await a.apiKeys.create({ name: "ci", scopes: ["org.read"] })).id;
  // A quarantined raw report of org A (bytes that are no report).
  ids.rawReport = (
    await ingestReport(
      { db: w.t.db, orgId: orgA.id, actor: { type: "SYSTEM", label: "matrix" } },
      { bytes: Buffer.from("not a report"), channel: "API" },
    )
  ).id;
  await processRawReport(systemContext(w.t.db, "test"), { orgId: orgA.id, rawReportId: ids.rawReport });
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
  ids.reportMailbox = (await a.reports.mailboxes.create({ host: "imap.a.test", username: "dmarc@a.test", password: "secret" })).id;
  ids.syslogSource = (await a.deliverability.syslogSources.create({ address: "198.51.100.7", label: "mx1" })).id;
  ids.espWebhook = (await a.deliverability.espWebhooks.create({ provider: "postmark", label: "pm" })).webhook.id;
  ids.experiment = (
    await a.analytics.experiments.create({
      name: "Subject line",
      variants: [{ key: "A" }, { key: "B" }],
      startsAt: new Date("2026-11-01T00:00:00Z"),
    })
  ).id;
  ids.analyticsImport = (
    await w.t.db.analyticsImport.create({ data: { orgId: orgA.id, kind: "CONVERSIONS", via: "api", status: "IMPORTED" } })
  ).id;
  // Alerts: a channel, a rule, a maintenance window and an incident of org A.
  // Probes: server.create made the monitors; one stored result of the port 25 monitor.
  ids.monitor = (await w.t.db.monitor.findFirstOrThrow({ where: { serverId: ids.server, port: 25 } })).id;
  const probeTime = new Date("2026-11-27T12:00:00Z");
  ids.probeResult = (
    await w.t.db.probeResult.create({
      data: { orgId: orgA.id, monitorId: ids.monitor, time: probeTime, outcome: "ok", totalMs: 120, result: {} },
    })
  ).id;
  ids.alertChannel = (await a.alerts.channels.create({ kind: "email", name: "ops mail", config: { to: ["ops@a.test"] } })).channel.id;
  const condition = { kind: "threshold", metric: "rate_5xx", comparator: ">", value: 5, windowMinutes: 30 } as const;
  ids.alertRule = (await a.alerts.rules.create({ name: "5xx", scope: { type: "organization" }, condition, severity: "warning" })).id;
  ids.maintenance = (
    await a.alerts.maintenance.create({
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
  // A scheduled report of org A, one ready edition of it (figures and PDF) and a share link.
  ids.reportDefinition = (
    await a.scheduledReports.definitions.create({
      name: "Weekly",
      cadence: "weekly",
      weekday: 1,
      audience: "leadership",
      recipientEmails: ["boss@a.test"],
    })
  ).id;
  ids.reportEdition = (
    await w.t.db.reportEdition.create({
      data: {
        orgId: orgA.id,
        definitionId: ids.reportDefinition,
        runKey: "2026-W48",
        title: "Weekly deliverability report",
        cadence: "weekly",
        audience: "leadership",
        periodFrom: new Date("2026-11-23T00:00:00Z"),
        periodTo: new Date("2026-11-30T00:00:00Z"),
        status: "ready",
        figures: JSON.parse(JSON.stringify(sampleFigures())) as object,
        pdf: Buffer.from("%PDF-1.7"),
      },
    })
  ).id;
  ids.reportShare = (
    await w.t.db.reportShare.create({
      data: { orgId: orgA.id, editionId: ids.reportEdition, tokenHash: "matrix-share", expiresAt: new Date(Date.now() + 86_400_000) },
    })
  ).id;
});
afterAll(async () => w?.t.drop());

/** A valid input per organization procedure, aimed at org A's rows. */
const fixtures: Record<string, () => unknown> = {
  "organization.current": () => undefined,
  "organization.overview": () => undefined,
  "analytics.overview": () => ({ from: "2026-11-01T00:00:00Z", to: "2026-11-08T00:00:00Z" }),
  "analytics.panels": () => ({ from: "2026-11-01T00:00:00Z", to: "2026-11-08T00:00:00Z" }),
  "analytics.cohorts.get": () => ({ grouping: "source-provider", columns: "weeks-since-signup", metric: "conversion" }),
  "analytics.cohorts.refresh": () => undefined,
  "analytics.experiments.list": () => undefined,
  "analytics.experiments.get": () => ({ id: ids.experiment }),
  "analytics.experiments.create": () => ({ name: "Subject", variants: [{ key: "A" }, { key: "B" }], startsAt: "2026-11-01T00:00:00Z" }),
  "analytics.experiments.update": () => ({ id: ids.experiment, name: "Renamed test" }),
  "analytics.experiments.stop": () => ({ id: ids.experiment }),
  "analytics.experiments.delete": () => ({ id: ids.experiment }),
  "analytics.experiments.refresh": () => undefined,
  "analytics.imports.list": () => ({}),
  "analytics.imports.get": () => ({ id: ids.analyticsImport }),
  "analytics.roi.summary": () => ({ from: "2026-11-01T00:00:00Z", to: "2026-11-08T00:00:00Z" }),
  "analytics.roi.settings": () => undefined,
  "analytics.roi.updateSettings": () => ({
    currency: "USD",
    valuePerConversion: 40,
    valuePerDeliveredMessage: null,
    costPerDowntimeHour: 500,
    costPerQueueDelayHour: 50,
    queueDelayTargetSeconds: 600,
  }),
  "organization.update": () => ({ name: "Renamed" }),
  "organization.leave": () => undefined,
  "organization.transferOwnership": () => ({ membershipId: ids.membership }),
  "members.list": () => undefined,
  "members.setRole": () => ({ membershipId: ids.membership, role: "MARKETING" }),
  "members.remove": () => ({ membershipId: ids.membership }),
  "invitations.list": () => undefined,
  "invitations.create": () => ({ email: "other@a.test", role: "VIEWER" }),
  "invitations.revoke": () => ({ id: ids.invitation }),
  "apiKeys.list": () => undefined,
  "apiKeys.create": () => ({ name: "k", scopes: ["org.read"] }),
  "apiKeys.revoke": () => ({ id: ids.apiKey }),
  "audit.list": () => ({}),
  "audit.actions": () => undefined,
  "servers.list": () => undefined,
  "servers.byId": () => ({ id: ids.server }),
  "servers.create": () => ({ hostname: "mx9.a.test" }),
  "servers.update": () => ({ id: ids.server, isLab: true }),
  "servers.remove": () => ({ id: ids.server }),
  "domains.list": () => undefined,
  "domains.byId": () => ({ id: ids.domain }),
  "domains.create": () => ({ domain: "z.a.test" }),
  "domains.update": () => ({ id: ids.domain, dkimSelectors: ["s2"] }),
  "domains.remove": () => ({ id: ids.domain }),
  "ips.list": () => undefined,
  "ips.byId": () => ({ id: ids.ip }),
  "ips.create": () => ({ address: "203.0.113.99", domainIds: [ids.domain] }),
  "ips.update": () => ({ id: ids.ip, pool: "p", domainIds: [ids.domain] }),
  "ips.remove": () => ({ id: ids.ip }),
  "reports.setup": () => undefined,
  "reports.list": () => ({}),
  "reports.byId": () => ({ id: ids.dmarcReport }),
  "reports.dmarc.overview": () => ({}),
  "reports.dmarc.sources": () => ({ domain: "a.test" }),
  "reports.dmarc.reporters": () => ({}),
  "reports.dmarc.records": () => ({ sourceIp: "203.0.113.10" }),
  "reports.dmarc.verdict": () => ({ domain: "a.test" }),
  "reports.complaints.summary": () => ({}),
  "reports.complaints.list": () => ({}),
  "reports.complaints.suppressionCsv": () => undefined,
  "reports.tls.summary": () => ({}),
  "reports.raw.list": () => ({}),
  "reports.raw.counts": () => undefined,
  "reports.raw.byId": () => ({ id: ids.rawReport }),
  "reports.raw.reprocess": () => ({ id: ids.rawReport }),
  "reports.mailboxes.list": () => undefined,
  "reports.mailboxes.create": () => ({ host: "imap2.a.test", username: "u", password: "p" }),
  "reports.mailboxes.setEnabled": () => ({ id: ids.reportMailbox, enabled: false }),
  "reports.mailboxes.remove": () => ({ id: ids.reportMailbox }),
  "reports.mailboxes.test": () => ({ id: ids.reportMailbox }),
  "reports.mailboxes.poll": () => ({ id: ids.reportMailbox }),
  "dnsCheck.list": () => undefined,
  "dnsCheck.domains.byId": () => ({ id: ids.domain }),
  "dnsCheck.ips.byId": () => ({ id: ids.ip }),
  "dnsCheck.domains.drift": () => ({ domainId: ids.domain }),
  "dnsCheck.domains.run": () => ({ id: ids.domain }),
  "dnsCheck.ips.run": () => ({ id: ids.ip }),
  "dnsCheck.blocklists.list": () => undefined,
  "dnsCheck.blocklists.create": () => ({ zone: "bl.private.a.test", name: "Private" }),
  "dnsCheck.blocklists.setEnabled": () => ({ zone: "zen.spamhaus.org", enabled: false }),
  "dnsCheck.blocklists.remove": () => ({ zone: "bl.private.a.test" }),
  "deliverability.summary": () => ({ from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }),
  "deliverability.events": () => ({ recipient: "someone@gmail.com", limit: 10 }),
  "deliverability.unparsedSamples": () => undefined,
  "deliverability.queueSnapshots": () => ({ from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }),
  "deliverability.intake": () => undefined,
  "deliverability.detections": () => ({ from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }),
  "deliverability.espWebhooks.list": () => undefined,
  "deliverability.espWebhooks.create": () => ({ provider: "sparkpost", label: "sp" }),
  "deliverability.espWebhooks.remove": () => ({ id: ids.espWebhook }),
  "deliverability.syslogSources.list": () => undefined,
  "deliverability.syslogSources.create": () => ({ address: "198.51.100.77" }),
  "deliverability.syslogSources.remove": () => ({ id: ids.syslogSource }),
  "deliverability.syslogSources.checkDns": () => ({ id: ids.syslogSource }),
  "deliverability.rotateSyslogToken": () => undefined,
  "deliverability.setKeepRecipientAddresses": () => ({ keep: false }),
  "probes.monitors.list": () => ({ serverId: ids.server }),
  "probes.results.list": () => ({ monitorId: ids.monitor }),
  "probes.results.byId": () => ({ id: ids.probeResult, time: new Date("2026-11-27T12:00:00Z") }),
  "probes.monitors.series": () => ({ monitorId: ids.monitor, range: "7d" }),
  "probes.monitors.events": () => ({ serverId: ids.server }),
  "probes.portHealth": () => undefined,
  "probes.monitors.run": () => ({ id: ids.monitor }),
  "probes.monitors.update": () => ({ id: ids.monitor, intervalSeconds: 600 }),
  "probes.domainMx.get": () => ({ domainId: ids.domain }),
  "probes.domainMx.setEnabled": () => ({ domainId: ids.domain, enabled: false }),
  "probes.domainMx.run": () => ({ domainId: ids.domain }),
  "alerts.incidents.list": () => ({ status: "active" }),
  "alerts.incidents.byId": () => ({ id: ids.incident }),
  "alerts.incidents.acknowledge": () => ({ id: ids.incident }),
  "alerts.incidents.assign": () => ({ id: ids.incident, assigneeId: null }),
  "alerts.incidents.comment": () => ({ id: ids.incident, body: "looking" }),
  "alerts.incidents.resolve": () => ({ id: ids.incident }),
  "alerts.rules.list": () => undefined,
  "alerts.rules.byId": () => ({ id: ids.alertRule }),
  "alerts.rules.create": () => ({
    name: "new",
    scope: { type: "organization" },
    condition: { kind: "event", event: "port_down" },
    severity: "critical",
  }),
  "alerts.rules.update": () => ({
    id: ids.alertRule,
    draft: { name: "5xx edited", scope: { type: "organization" }, condition: { kind: "event", event: "port_down" }, severity: "info" },
  }),
  "alerts.rules.setEnabled": () => ({ id: ids.alertRule, enabled: false }),
  "alerts.rules.remove": () => ({ id: ids.alertRule }),
  "alerts.maintenance.list": () => undefined,
  "alerts.maintenance.create": () => ({
    name: "m",
    scope: { type: "organization" },
    startsAt: new Date(),
    endsAt: new Date(Date.now() + 60_000),
  }),
  "alerts.maintenance.remove": () => ({ id: ids.maintenance }),
  "alerts.maintenance.end": () => ({ id: ids.maintenance }),
  "alerts.channels.list": () => undefined,
  "alerts.channels.deliveries": () => ({ id: ids.alertChannel }),
  "alerts.channels.create": () => ({ kind: "email", name: "x", config: { to: ["x@a.test"] } }),
  "alerts.channels.update": () => ({ id: ids.alertChannel, enabled: false }),
  "alerts.channels.rotateSecret": () => ({ id: ids.alertChannel }),
  "alerts.channels.remove": () => ({ id: ids.alertChannel }),
  "alerts.channels.sendTest": () => ({ id: ids.alertChannel }),
  "scheduledReports.definitions.list": () => undefined,
  "scheduledReports.definitions.get": () => ({ id: ids.reportDefinition }),
  "scheduledReports.definitions.create": () => ({
    name: "Monthly",
    cadence: "monthly",
    monthDay: 1,
    audience: "ops",
    recipientRoles: ["OWNER"],
  }),
  "scheduledReports.definitions.update": () => ({ id: ids.reportDefinition, name: "Weekly (renamed)" }),
  "scheduledReports.definitions.delete": () => ({ id: ids.reportDefinition }),
  "scheduledReports.definitions.sendNow": () => ({ id: ids.reportDefinition }),
  "scheduledReports.definitions.preview": () => ({ id: ids.reportDefinition }),
  "scheduledReports.editions.list": () => ({}),
  "scheduledReports.editions.get": () => ({ id: ids.reportEdition }),
  "scheduledReports.editions.html": () => ({ id: ids.reportEdition }),
  "scheduledReports.shares.list": () => ({ editionId: ids.reportEdition }),
  "scheduledReports.shares.create": () => ({ editionId: ids.reportEdition, expiresInDays: 7 }),
  "scheduledReports.shares.revoke": () => ({ id: ids.reportShare }),
};

/** Inputs for procedures outside organizations (public or signed-in only). */
const outsideFixtures: Record<string, () => unknown> = {
  health: () => undefined,
  "auth.signUp": () => ({ email: "matrix@x.test", password: "long enough password" }),
  "auth.requestMagicLink": () => ({ email: "matrix@x.test" }),
  "auth.invitation.describe": () => ({ token: "no-such-token-000" }),
  "auth.invitation.accept": () => ({ token: "no-such-token-000" }),
  "me.get": () => undefined,
  "me.organizations.list": () => undefined,
  "me.organizations.create": () => ({ name: "New org", slug: "matrix-new" }),
  "me.changePassword": () => ({ currentPassword: "x", newPassword: "y" }),
  "me.sessions.list": () => undefined,
  "me.sessions.revokeAll": () => undefined,
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
    const isPublic = ["health", "auth.signUp", "auth.requestMagicLink", "auth.invitation.describe"].includes(path);
    if (isPublic) expect(result).not.toEqual({ ok: false, code: "UNAUTHORIZED" });
    else expect(result).toEqual({ ok: false, code: "UNAUTHORIZED" });
  });

  it("ips.create / ips.update: org A's domain ids linked from org B are NOT_FOUND (ids inside a list)", async () => {
    const b = w.caller(ownerB, orgB.slug);
    const own = await b.ips.create({ address: "198.51.100.20" });
    expect(await call(b, "ips.update", { id: own.id, domainIds: [ids.domain] })).toEqual({ ok: false, code: "NOT_FOUND" });
    expect(await call(b, "ips.create", { address: "198.51.100.21", domainIds: [ids.domain] })).toEqual({ ok: false, code: "NOT_FOUND" });
    expect((await b.ips.byId({ id: own.id })).domains).toEqual([]);
    expect((await b.ips.list()).map((i) => i.address)).toEqual(["198.51.100.20"]);
  });

  it("left org A's rows untouched by the foreign callers", async () => {
    const a = w.caller(ownerA, orgA.slug);
    expect((await a.servers.byId({ id: ids.server! })).hostname).toBe("mx1.a.test");
    expect((await a.domains.byId({ id: ids.domain! })).dkimSelectors).toEqual(["s1"]);
    expect(await a.ips.byId({ id: ids.ip! })).toMatchObject({ pool: null, domains: [] });
    expect((await a.members.list()).map((m) => m.role).sort()).toEqual(["OPS", "OWNER", "VIEWER"]);
    expect(await a.alerts.incidents.byId({ id: ids.incident! })).toMatchObject({ status: "open", timeline: [] });
    expect((await a.alerts.rules.byId({ id: ids.alertRule! })).name).toBe("5xx");
  });
});
