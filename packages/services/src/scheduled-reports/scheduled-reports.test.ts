/**
 * Report definitions, the archive and share links on real PostgreSQL (issue 14 points 1, 4, 5): validation
 * with clear messages, scope and channels limited to the organization's own objects (a foreign id is
 * NOT_FOUND), the next send in the organization's zone and again after the zone changes, share tokens that
 * open only a ready edition of their own organization and answer NOT_FOUND when expired, revoked, tampered
 * or unknown; a build that fails on its last attempt marks the edition failed and mails the admins instead.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext, systemContext } from "../index.ts";
import { openMail } from "../mail/sealed-mail.ts";
import { updateOrganization } from "../organization/organization.ts";
import {
  createReportDefinition,
  deleteReportDefinition,
  getReportDefinition,
  listReportDefinitions,
  updateReportDefinition,
} from "./definitions.ts";
import { getReportEdition, listReportEditions, renderReportForPeriod } from "./editions.ts";
import { buildReportEdition, MAX_BUILD_ATTEMPTS, sendReportNow } from "./run.ts";
import { type TCreateReportDefinition } from "./schema.ts";
import { createShare, openSharedReport, revokeShare } from "./shares.ts";

let t: TestDatabase;
let a: OrgContext;
let b: OrgContext;

async function org(slug: string): Promise<OrgContext> {
  const row = await t.db.organization.create({ data: { name: slug, slug } });
  const admin = await t.db.user.create({ data: { email: `admin@${slug}.test`, name: "Admin" } });
  await t.db.membership.create({ data: { orgId: row.id, userId: admin.id, role: "ADMIN" } });
  return { db: t.db, orgId: row.id, actor: { type: "USER", userId: admin.id, label: admin.email }, role: "ADMIN" };
}

const weekly: TCreateReportDefinition = {
  name: "Weekly",
  cadence: "weekly",
  weekday: 1,
  sendHour: 8,
  audience: "leadership",
  recipientEmails: ["boss@example.test"],
};

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  a = await org("reports-a");
  b = await org("reports-b");
});
afterAll(async () => t?.drop());

describe("report definitions", () => {
  it("computes the next send in the organization's zone, and again when the zone changes", async () => {
    const now = new Date("2026-12-08T12:00:00Z"); // a Tuesday
    const d = await createReportDefinition(a, weekly, now);
    expect(d.nextRunAt?.toISOString()).toBe("2026-12-14T08:00:00.000Z");
    await updateOrganization(a, { timeZone: "America/New_York" });
    const moved = await getReportDefinition(a, { id: d.id });
    expect(moved.nextRunAt?.getUTCHours()).toBe(13); // 08:00 EST
    const monthly = await updateReportDefinition(a, { id: d.id, cadence: "monthly", monthDay: 1 }, now);
    expect(monthly.weekday).toBeNull();
    expect(monthly.nextRunAt?.toISOString()).toBe("2027-01-01T13:00:00.000Z");
    const paused = await updateReportDefinition(a, { id: d.id, enabled: false }, now);
    expect(paused.nextRunAt).toBeNull();
    await updateOrganization(a, { timeZone: "UTC" });
  });

  it("refuses what makes no sense, with messages that say what to fix", async () => {
    await expect(createReportDefinition(a, { ...weekly, weekday: null })).rejects.toThrow(/weekday a weekly report is sent/);
    await expect(createReportDefinition(a, { ...weekly, cadence: "monthly", monthDay: 31 })).rejects.toThrow(/1 … 28/);
    await expect(createReportDefinition(a, { ...weekly, recipientEmails: [] })).rejects.toThrow(/at least one recipient/);
    await expect(createReportDefinition(a, { ...weekly, recipientEmails: ["not an address"] })).rejects.toThrow(/Not an email address/);
    await expect(createReportDefinition(a, { ...weekly, scopeDomains: ["unknown.example"] })).rejects.toThrow(/Not a sending domain/);
    await expect(updateOrganization(a, { timeZone: "Mars/Olympus" })).rejects.toThrow(/Not a time zone/);
  });

  it("keeps organizations apart: another organization's definition, server or channel is NOT_FOUND", async () => {
    const mine = await createReportDefinition(a, weekly);
    await expect(getReportDefinition(b, { id: mine.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateReportDefinition(b, { id: mine.id, name: "stolen" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteReportDefinition(b, { id: mine.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(sendReportNow(b, { id: mine.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const server = await t.db.mailServer.create({ data: { orgId: a.orgId, hostname: "mx.reports-a.test" } });
    await expect(createReportDefinition(b, { ...weekly, scopeServerIds: [server.id] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const channel = await t.db.alertChannel.create({
      data: { orgId: a.orgId, kind: "slack", name: "a-slack", config: { url: "https://hooks.example/x" } },
    });
    await expect(createReportDefinition(b, { ...weekly, channelIds: [channel.id] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await listReportDefinitions(b)).map((d) => d.id)).not.toContain(mine.id);
  });
});

describe("builds, the archive and share links", () => {
  it("archives a ready edition with frozen figures; a period with no mail says so plainly", async () => {
    const d = await createReportDefinition(a, weekly);
    const { editionId } = await sendReportNow(a, { id: d.id }, new Date("2026-12-08T09:00:00Z"));
    const built = await buildReportEdition(
      systemContext(t.db, "test"),
      { editionId, now: new Date("2026-12-08T09:00:05Z") },
      { renderPdf: async () => Buffer.from("%PDF-1.7 test") },
    );
    expect(built).toEqual({ status: "ready", deliveries: 1 });
    const edition = await getReportEdition(a, { id: editionId });
    expect(edition.status).toBe("ready");
    expect(edition.figures?.noMail).toBe(true);
    expect(edition.figures?.narrative.map((n) => n.sentence).join(" ")).toMatch(/no mail/i);
    expect(edition.deliveries.map((x) => x.targetLabel)).toEqual(["boss@example.test"]);
    await expect(getReportEdition(b, { id: editionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await listReportEditions(b)).items).toHaveLength(0);
    // Building again does nothing: the edition is ready.
    expect(await buildReportEdition(systemContext(t.db, "test"), { editionId }, { renderPdf: async () => Buffer.from("x") })).toEqual({
      status: "skipped",
      reason: "already ready",
    });
  });

  it("opens a shared report by its token only while it is live; anything else is the same NOT_FOUND", async () => {
    const d = await createReportDefinition(a, weekly);
    const { editionId } = await sendReportNow(a, { id: d.id }, new Date("2026-12-08T09:00:00Z"));
    await buildReportEdition(systemContext(t.db, "test"), { editionId }, { renderPdf: async () => Buffer.from("%PDF") });
    const share = await createShare(a, { editionId, expiresInDays: 7 }, new Date("2026-12-08T10:00:00Z"));
    const token = share.url.split("/").at(-1) ?? "";
    const sys = systemContext(t.db, "test");
    const opened = await openSharedReport(sys, { token, now: new Date("2026-12-09T10:00:00Z") });
    expect(opened.editionId).toBe(editionId);
    expect(await t.db.reportShare.findUniqueOrThrow({ where: { id: share.id } })).toMatchObject({ views: 1 });
    // Only the hash is stored.
    expect(JSON.stringify(await t.db.reportShare.findMany())).not.toContain(token);

    const notFound = { code: "NOT_FOUND" };
    await expect(openSharedReport(sys, { token, now: new Date("2026-12-15T10:00:01Z") })).rejects.toMatchObject(notFound); // expired
    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    await expect(openSharedReport(sys, { token: tampered })).rejects.toMatchObject(notFound);
    await expect(openSharedReport(sys, { token: "short" })).rejects.toMatchObject(notFound);
    await expect(openSharedReport(sys, { token: "x".repeat(500) })).rejects.toMatchObject(notFound);
    await expect(revokeShare(b, { id: share.id })).rejects.toMatchObject(notFound); // another organization cannot revoke it
    await revokeShare(a, { id: share.id });
    await expect(openSharedReport(sys, { token, now: new Date("2026-12-09T10:00:00Z") })).rejects.toMatchObject(notFound);
    // Another organization cannot share an edition it does not own.
    await expect(createShare(b, { editionId })).rejects.toMatchObject(notFound);
  });

  it("marks a build failed on its last attempt and tells the admins, sending nothing half-empty", async () => {
    const d = await createReportDefinition(a, { ...weekly, recipientEmails: ["cfo@example.test"] });
    const { editionId } = await sendReportNow(a, { id: d.id });
    const broken = { renderPdf: async () => Promise.reject(new Error("Chromium crashed")) };
    for (let i = 1; i < MAX_BUILD_ATTEMPTS; i++) {
      await expect(buildReportEdition(systemContext(t.db, "test"), { editionId }, broken)).rejects.toThrow(/Chromium crashed/);
    }
    expect(await buildReportEdition(systemContext(t.db, "test"), { editionId }, broken)).toEqual({
      status: "failed",
      error: "Chromium crashed",
    });
    expect(await t.db.reportDelivery.count({ where: { editionId } })).toBe(0);
    const jobs = await t.db.$queryRawUnsafe<{ data: { to: string; sealed: string } }[]>(
      `select data from pgboss.job where name = 'mail.send' and data->>'to' = 'admin@reports-a.test'`,
    );
    const mails = jobs.map((j) => openMail(j.data.to, j.data.sealed));
    expect(mails.some((m) => m.subject.startsWith("Report not sent") && m.text.includes("Chromium crashed"))).toBe(true);
  });

  it("renders any past month or week on request, and refuses what is not a period", async () => {
    const figures = await renderReportForPeriod(a, { period: "2026-11" }, new Date("2026-12-08T00:00:00Z"));
    expect(figures.cadence).toBe("monthly");
    expect(figures.period.label).toBe("November 2026");
    expect(figures.days).toHaveLength(30);
    await expect(renderReportForPeriod(a, { period: "2026-13" })).rejects.toThrow(/not a period/);
    await expect(renderReportForPeriod(a, { period: "2030-01" }, new Date("2026-12-08T00:00:00Z"))).rejects.toThrow(/not started yet/);
  });
});
