/**
 * The demo organization: idempotent (safe on every `npm start`), so a fresh clone shows a populated product
 * and an existing database keeps whatever the user changed.
 */
import { type Db } from "@inboxwatch/db";
import { encryptSecret, forOrg, hashPassword, systemContext } from "@inboxwatch/services";
import { refreshAnalyticsViews } from "@inboxwatch/services/analytics";
import { seedPresetRules } from "@inboxwatch/alerting";
import { syncMonitorsForServer } from "@inboxwatch/services/probes";

import { seedDemoActivity } from "./demo-activity.ts";
import { seedDemoHistory } from "./demo-history.ts";
import { seedDemoMarketing } from "./demo-marketing.ts";
import { seedDemoReports } from "./demo-reports.ts";

export const DEMO_LOGIN = { email: "demo@inboxwatch.local", password: "inboxwatch-demo" } as const;
export const DEMO_ORG = { slug: "demo", name: "Acme Mail (demo)" } as const;
/** A marketing member of the demo organization (same password): reads every analytics view, changes no infrastructure. */
export const DEMO_MARKETING_LOGIN = { email: "marketing@inboxwatch.local", password: DEMO_LOGIN.password } as const;
/** The submission login the demo's originating server stores (encrypted) and the demo lab accepts. */
export const DEMO_SMTP_LOGIN = { username: "app@acme-mail.example", password: "demo-smtp-password" } as const;

/**
 * Where the demo's servers really answer: `npm start` runs a demo lab (scripts/demo-lab) with a DNS server for
 * acme-mail.example (every host on 127.0.0.1) and an SMTP listener per open port below. Unprivileged ports
 * stand for 25/587/465 through each monitor's dial port. The relay's submission port is closed on purpose:
 * the demo shows a real port-down incident. Without the lab (DATABASE_URL deployments, tests) the names do
 * not resolve and the ports show DOWN, which is then the truth.
 */
export const DEMO_LAB = {
  ports: [
    { host: "smtp.acme-mail.example", port: 25, dialPort: 42525, open: true },
    { host: "smtp.acme-mail.example", port: 587, dialPort: 42587, open: true },
    { host: "smtp.acme-mail.example", port: 465, dialPort: 42465, open: true },
    { host: "mx1.acme-mail.example", port: 25, dialPort: 42526, open: true },
    { host: "relay.acme-mail.example", port: 25, dialPort: 42527, open: true },
    { host: "relay.acme-mail.example", port: 587, dialPort: 42588, open: false },
  ],
} as const satisfies { ports: readonly { host: string; port: 25 | 587 | 465; dialPort: number; open: boolean }[] };

export async function seed(db: Db): Promise<{ created: boolean }> {
  const existing = await db.organization.findUnique({ where: { slug: DEMO_ORG.slug } });
  if (existing) return { created: false };
  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  let orgId = "";
  await db.$transaction(async (tx) => {
    const owner = await tx.user.upsert({
      where: { email: DEMO_LOGIN.email },
      update: {},
      create: { email: DEMO_LOGIN.email, name: "Dana Demo", passwordHash, emailVerified: new Date() },
    });
    const viewer = await tx.user.upsert({
      where: { email: "viewer@inboxwatch.local" },
      update: {},
      create: { email: "viewer@inboxwatch.local", name: "Vic Viewer", passwordHash, emailVerified: new Date() },
    });
    const marketer = await tx.user.upsert({
      where: { email: DEMO_MARKETING_LOGIN.email },
      update: {},
      create: { email: DEMO_MARKETING_LOGIN.email, name: "Mia Marketing", passwordHash, emailVerified: new Date() },
    });
    const org = await tx.organization.create({ data: { slug: DEMO_ORG.slug, name: DEMO_ORG.name } });
    orgId = org.id;
    await tx.membership.createMany({
      data: [
        { orgId: org.id, userId: owner.id, role: "OWNER" },
        { orgId: org.id, userId: viewer.id, role: "VIEWER" },
        { orgId: org.id, userId: marketer.id, role: "MARKETING" },
      ],
    });
    await tx.mailServer.createMany({
      data: [
        // Lab servers: the demo lab's self-signed certificate is accepted for the AUTH test (and reported).
        {
          orgId: org.id,
          hostname: "smtp.acme-mail.example",
          role: "ORIGINATING",
          isLab: true,
          authUsername: DEMO_SMTP_LOGIN.username,
          authPasswordEnc: encryptSecret(DEMO_SMTP_LOGIN.password, org.id),
        },
        { orgId: org.id, hostname: "mx1.acme-mail.example", role: "GATEWAY", isLab: true, port587: false, port465: false },
        { orgId: org.id, hostname: "relay.acme-mail.example", role: "DELIVERY", isLab: true, port465: false },
      ],
    });
    const servers = await tx.mailServer.findMany({ where: { orgId: org.id }, select: { id: true, hostname: true } });
    for (const server of servers) {
      await syncMonitorsForServer({ db: tx, orgId: org.id }, { serverId: server.id });
      for (const p of DEMO_LAB.ports.filter((lab) => lab.host === server.hostname)) {
        await tx.monitor.updateMany({ where: { orgId: org.id, serverId: server.id, port: p.port }, data: { dialPort: p.dialPort } });
      }
    }
    // The alert presets every new organization starts with.
    await seedPresetRules({ db: tx, orgId: org.id, actor: { type: "SYSTEM", label: "demo seed" } });
    await tx.sendingDomain.createMany({
      data: [
        { orgId: org.id, domain: "acme-mail.example", dkimSelectors: ["s1", "google"] },
        { orgId: org.id, domain: "news.acme-mail.example", dkimSelectors: ["mkt"] },
      ],
    });
    await tx.sendingIp.createMany({
      data: [
        { orgId: org.id, address: "192.0.2.10", pool: "transactional", expectedHelo: "out1.acme-mail.example" },
        { orgId: org.id, address: "192.0.2.11", pool: "transactional", expectedHelo: "out2.acme-mail.example" },
        { orgId: org.id, address: "2001:db8::25", pool: "marketing", expectedHelo: "news-out.acme-mail.example" },
      ],
    });
    // Each domain's SPF is graded against the IPs that send for it: transactional mail from the
    // transactional pool, the newsletter from the marketing address.
    const [domains, ips] = await Promise.all([
      tx.sendingDomain.findMany({ where: { orgId: org.id }, select: { id: true, domain: true } }),
      tx.sendingIp.findMany({ where: { orgId: org.id }, select: { id: true, pool: true } }),
    ]);
    const domainOfPool: Record<string, string> = { transactional: "acme-mail.example", marketing: "news.acme-mail.example" };
    await tx.sendingIpDomain.createMany({
      data: ips.flatMap((ip) => {
        const domain = domains.find((d) => d.domain === domainOfPool[ip.pool ?? ""]);
        return domain ? [{ orgId: org.id, ipId: ip.id, domainId: domain.id }] : [];
      }),
    });
    await tx.auditLog.createMany({
      data: [
        {
          orgId: org.id,
          actorType: "SYSTEM",
          actorLabel: "seed",
          action: "organization.create",
          targetType: "Organization",
          targetId: org.id,
          metadata: { name: org.name },
        },
        {
          orgId: org.id,
          actorType: "USER",
          actorId: owner.id,
          actorLabel: owner.email,
          action: "member.invite_accepted",
          targetType: "Membership",
          metadata: { email: viewer.email },
        },
      ],
    });
  });
  // After the inventory commits: the activity goes through the real pipelines, which take their own transactions.
  // A failure here leaves a demo without history, not a platform that does not start.
  await seedDemoHistory(db, orgId).catch((err: unknown) =>
    console.warn("[seed] demo history not created:", err instanceof Error ? err.message : err),
  );
  await seedDemoMarketing(db, orgId)
    .then(() => refreshAnalyticsViews(forOrg(systemContext(db, "demo seed"), orgId)))
    .catch((err: unknown) => console.warn("[seed] demo marketing data not created:", err instanceof Error ? err.message : err));
  await seedDemoActivity(db, orgId).catch((err: unknown) =>
    console.warn("[seed] demo activity not created:", err instanceof Error ? err.message : err),
  );
  // Last, so the reports the worker builds at start cover the history above.
  await seedDemoReports(db, orgId).catch((err: unknown) =>
    console.warn("[seed] demo reports not created:", err instanceof Error ? err.message : err),
  );
  return { created: true };
}
