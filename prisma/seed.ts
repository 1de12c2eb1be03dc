/**
 * The demo organization: idempotent (safe on every `npm start`), so a fresh clone shows a populated product
 * and an existing database keeps whatever the user changed.
 */
import { type Db } from "@inboxwatch/db";
import { encryptSecret, hashPassword } from "@inboxwatch/services";
import { seedPresetRules } from "@inboxwatch/services/alerting/rules";

import { seedDemoActivity } from "./demo-activity.ts";

export const DEMO_LOGIN = { email: "demo@inboxwatch.local", password: "inboxwatch-demo" } as const;
export const DEMO_ORG = { slug: "demo", name: "Acme Mail (demo)" } as const;

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
    const org = await tx.organization.create({ data: { slug: DEMO_ORG.slug, name: DEMO_ORG.name } });
    orgId = org.id;
    await tx.membership.createMany({
      data: [
        { orgId: org.id, userId: owner.id, role: "OWNER" },
        { orgId: org.id, userId: viewer.id, role: "VIEWER" },
      ],
    });
    await tx.mailServer.createMany({
      data: [
        { orgId: org.id, hostname: "smtp.acme-mail.example", role: "ORIGINATING", authUsername: "app@acme-mail.example", authPasswordEnc: encryptSecret("demo-smtp-password", org.id) },
        { orgId: org.id, hostname: "mx1.acme-mail.example", role: "GATEWAY", port587: false, port465: false },
        { orgId: org.id, hostname: "relay.acme-mail.example", role: "DELIVERY", port465: false },
      ],
    });
    // The alert presets every new organization starts with.
    await seedPresetRules(tx, org.id);
    await tx.sendingDomain.createMany({
      data: [
        { orgId: org.id, domain: "acme-mail.example", dkimSelectors: ["s1", "google"] },
        { orgId: org.id, domain: "news.acme-mail.example", dkimSelectors: ["mkt"] },
      ],
    });
    await tx.sendingIp.createMany({
      data: [
        { orgId: org.id, address: "192.0.2.10", pool: "transactional", expectedHelo: "smtp.acme-mail.example" },
        { orgId: org.id, address: "192.0.2.11", pool: "transactional", expectedHelo: "smtp.acme-mail.example" },
        { orgId: org.id, address: "2001:db8::25", pool: "marketing", expectedHelo: "news.acme-mail.example" },
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
        { orgId: org.id, actorType: "SYSTEM", actorLabel: "seed", action: "organization.create", targetType: "Organization", targetId: org.id, metadata: { name: org.name } },
        { orgId: org.id, actorType: "USER", actorId: owner.id, actorLabel: owner.email, action: "member.invite_accepted", targetType: "Membership", metadata: { email: viewer.email } },
      ],
    });
  });
  // After the inventory commits: the activity goes through the real pipelines, which take their own transactions.
  // A failure here leaves a demo without history, not a platform that does not start.
  await seedDemoActivity(db, orgId).catch((err: unknown) => console.warn("[seed] demo activity not created:", err instanceof Error ? err.message : err));
  return { created: true };
}
