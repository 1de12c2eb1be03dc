import { describe, expect, it } from "vitest";

import { emptyReportForm, reportFormOf, serverFieldErrors, ZReportForm } from "./form-model";
import { formatPeriod } from "./format";

describe("the report definition form", () => {
  it("sends the prefilled weekly report as it stands: Monday 8:00, leadership, owners and admins, everything", () => {
    const parsed = ZReportForm.safeParse(emptyReportForm());
    expect(parsed.success && parsed.data).toEqual({
      name: "Weekly deliverability report",
      cadence: "weekly",
      weekday: 1,
      monthDay: null,
      sendHour: 8,
      audience: "leadership",
      scopeDomains: [],
      scopeServerIds: [],
      scopeCampaigns: [],
      recipientRoles: ["OWNER", "ADMIN"],
      recipientEmails: [],
      channelIds: [],
      attachPdf: true,
      enabled: true,
    });
  });

  it("reads one address per line (blank lines and case ignored, duplicates once) and names the bad ones", () => {
    const ok = ZReportForm.safeParse({ ...emptyReportForm(), recipientEmails: "Ceo@Example.com\n\n  cfo@example.com \nceo@example.com" });
    expect(ok.success && ok.data.recipientEmails).toEqual(["ceo@example.com", "cfo@example.com"]);
    const bad = ZReportForm.safeParse({ ...emptyReportForm(), recipientEmails: "ceo@example.com\nnot-an-address" });
    expect(bad.success).toBe(false);
    expect(!bad.success && bad.error.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["recipientEmails", "Not an email address: not-an-address"],
    ]);
  });

  it("refuses a report nobody receives, and a narrowed scope with nothing chosen", () => {
    const nobody = ZReportForm.safeParse({ ...emptyReportForm(), recipientRoles: [] });
    expect(!nobody.success && nobody.error.issues[0]?.path).toEqual(["recipientEmails"]);
    const noScope = ZReportForm.safeParse({ ...emptyReportForm(), scopeAll: false });
    expect(!noScope.success && noScope.error.issues[0]?.path).toEqual(["scopeAll"]);
  });

  it("keeps only the day that belongs to the cadence, and the scope only when it is narrowed", () => {
    const monthly = ZReportForm.safeParse({
      ...emptyReportForm(),
      cadence: "monthly",
      monthDay: "15",
      scopeAll: false,
      scopeCampaigns: " spring, black-friday ,spring",
      scopeDomains: ["news.example.com"],
    });
    expect(monthly.success && monthly.data).toMatchObject({
      weekday: null,
      monthDay: 15,
      scopeCampaigns: ["spring", "black-friday"],
      scopeDomains: ["news.example.com"],
    });
    const everything = ZReportForm.safeParse({ ...emptyReportForm(), scopeAll: true, scopeDomains: ["news.example.com"] });
    expect(everything.success && everything.data.scopeDomains).toEqual([]);
  });

  it("round-trips a stored definition", () => {
    const stored = {
      name: "Ops monthly",
      cadence: "monthly",
      weekday: null,
      monthDay: 28,
      sendHour: 6,
      audience: "ops",
      scopeDomains: [],
      scopeServerIds: ["srv1"],
      scopeCampaigns: ["a", "b"],
      recipientRoles: ["OPS"],
      recipientEmails: ["noc@example.com"],
      channelIds: ["ch1"],
      attachPdf: false,
      enabled: false,
    };
    const parsed = ZReportForm.safeParse(reportFormOf(stored));
    expect(parsed.success && parsed.data).toEqual({ ...stored, audience: "ops", cadence: "monthly" });
  });

  it("puts the server's zod messages on the form's fields and ignores unknown keys", () => {
    const error = { data: { zodError: { formErrors: [], fieldErrors: { monthDay: ["Day of month is 1 … 28"], other: ["x"] } } } };
    expect(serverFieldErrors(error)).toEqual({ monthDay: "Day of month is 1 … 28" });
    expect(serverFieldErrors(new Error("boom"))).toEqual({});
  });
});

describe("report periods", () => {
  it("are written in the organization's zone with the exclusive end taken off", () => {
    expect(formatPeriod("2026-11-29T23:00:00Z", "2026-12-06T23:00:00Z", "Europe/Paris")).toBe("30 Nov – 6 Dec 2026");
    expect(formatPeriod("2026-12-28T23:00:00Z", "2027-01-04T23:00:00Z", "Europe/Paris")).toBe("29 Dec 2026 – 4 Jan 2027");
  });
});
