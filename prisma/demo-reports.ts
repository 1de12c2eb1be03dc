/**
 * Scheduled reports of the demo organization (issue 14): a weekly leadership report and a monthly
 * marketing report, and last week's and last month's editions queued for the worker, so a fresh
 * `npm start` shows an archive with a report to open, download and share a few seconds after the worker is up.
 * Mail goes to the development outbox unless SMTP_URL is set.
 */
import { type Db } from "@inboxwatch/db";
import { sendJob } from "@inboxwatch/jobs";
import { periodForRun } from "@inboxwatch/reporting/schedule";
import { type OrgContext, systemContext } from "@inboxwatch/services";
import { createReportDefinition, reportTitle } from "@inboxwatch/services/scheduled-reports";

export const DEMO_TIME_ZONE = "Europe/Paris";

export async function seedDemoReports(db: Db, orgId: string, now = new Date()): Promise<{ definitions: number; editions: number }> {
  await db.organization.update({ where: { id: orgId }, data: { timeZone: DEMO_TIME_ZONE } });
  const ctx: OrgContext = { ...systemContext(db, "demo seed"), orgId };
  const weekly = await createReportDefinition(
    ctx,
    {
      name: "Weekly deliverability — leadership",
      cadence: "weekly",
      weekday: 1,
      sendHour: 8,
      audience: "leadership",
      recipientRoles: ["OWNER"],
      recipientEmails: ["cmo@acme-mail.example"],
    },
    now,
  );
  const monthly = await createReportDefinition(
    ctx,
    {
      name: "Monthly campaigns report",
      cadence: "monthly",
      monthDay: 1,
      sendHour: 9,
      audience: "marketing",
      recipientRoles: ["MARKETING", "OWNER"],
    },
    now,
  );
  let editions = 0;
  for (const d of [monthly, weekly]) {
    const cadence = d.cadence === "monthly" ? "monthly" : "weekly";
    const audience = d.audience === "marketing" ? "marketing" : "leadership";
    const period = periodForRun({ cadence, weekday: d.weekday, monthDay: d.monthDay, sendHour: d.sendHour }, DEMO_TIME_ZONE, now);
    await db.$transaction(async (tx) => {
      const edition = await tx.reportEdition.create({
        data: {
          orgId,
          definitionId: d.id,
          runKey: period.key,
          title: `${reportTitle(cadence, audience)} · ${period.label}`,
          cadence,
          audience,
          periodFrom: period.from,
          periodTo: period.to,
        },
        select: { id: true },
      });
      await sendJob("report.build", { editionId: edition.id }, { tx });
    });
    editions++;
  }
  return { definitions: 2, editions };
}
