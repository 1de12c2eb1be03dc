/**
 * One resolver everywhere (issue 20 item 14): with DNS_SERVERS pointing at a loopback DNS server that
 * alone knows the `.invalid` names below (the system resolver cannot), an SMTP probe of a server by name
 * and a webhook delivery to a URL by name both succeed through the worker's wiring — the probe target and
 * the egress guard's lookup go through the same configured resolver as the DNS checks.
 */
import { type AddressInfo } from "node:net";

import selfsigned from "selfsigned";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestDnsServer, type TestDnsServer } from "@inboxwatch/deliverability/dns/testing";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext, inTx } from "@inboxwatch/services";
import { createChannel, newNotificationId } from "@inboxwatch/alerting";
import { buildTestNotification } from "@inboxwatch/alerting/engine";
import { type HttpReceiver, startHttpReceiver } from "@inboxwatch/alerting/testing";
import { syncMonitorsForServer } from "@inboxwatch/services/probes";

import { handlers } from "./handlers.ts";

const PROBE_HOST = "mx.probe-test.invalid";
const HOOK_HOST = "hooks.probe-test.invalid";

let t: TestDatabase;
let dns: TestDnsServer;
let smtp: SMTPServer;
let smtpPort: number;
let smtpConnections = 0;
let hook: HttpReceiver;
let ctx: OrgContext;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  dns = await startTestDnsServer({ [PROBE_HOST]: { A: ["127.0.0.1"] }, [HOOK_HOST]: { A: ["127.0.0.1"] } });
  process.env.DNS_SERVERS = dns.address;
  const pems = selfsigned.generate([{ name: "commonName", value: PROBE_HOST }], { keySize: 2048, days: 30, algorithm: "sha256" });
  smtp = new SMTPServer({
    key: pems.private,
    cert: pems.cert,
    name: PROBE_HOST,
    authOptional: true,
    logger: false,
    onConnect: (_s, cb) => (smtpConnections++, cb()),
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp as unknown as { server: { address(): AddressInfo } }).server.address().port;
  hook = await startHttpReceiver(() => ({ status: 200 }));
  const org = await t.db.organization.create({ data: { name: "DNS", slug: "platform-dns" } });
  ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
});
afterAll(async () => {
  await hook?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await dns?.close();
  await t?.drop();
});

describe("the platform resolver (DNS_SERVERS) serves every lookup", () => {
  it("an SMTP probe of a server named only in the DNS_SERVERS zone reaches it (probes.run)", async () => {
    const server = await t.db.mailServer.create({
      data: { orgId: ctx.orgId, hostname: PROBE_HOST, port25: false, port465: false, port587: true },
    });
    await t.db.$transaction((tx) => syncMonitorsForServer(inTx(ctx, tx), { serverId: server.id }));
    const monitor = await t.db.monitor.findFirstOrThrow({ where: { serverId: server.id, port: 587 } });
    await t.db.monitor.update({ where: { id: monitor.id }, data: { dialPort: smtpPort } });
    const queriesBefore = dns.queryCount;

    await handlers["probes.run"]?.({ orgId: ctx.orgId, monitorId: monitor.id, slot: new Date().toISOString() }, { db: t.db });

    const row = await t.db.probeResult.findFirstOrThrow({ where: { monitorId: monitor.id } });
    expect(row.outcome).toBe("ok");
    expect(smtpConnections).toBeGreaterThan(0);
    expect(dns.queryCount).toBeGreaterThan(queriesBefore);
  });

  it("a webhook to a host named only in the DNS_SERVERS zone saves and is delivered (alerts.deliver)", async () => {
    const url = `http://${HOOK_HOST}:${hook.port}/hook`;
    const { channel } = await createChannel(ctx, { kind: "webhook", name: "by name", config: { url } });
    const id = newNotificationId();
    const payload = buildTestNotification({ id, orgId: ctx.orgId, url: "https://app.example/", now: Date.now() });
    await t.db.notification.create({ data: { id, orgId: ctx.orgId, channelId: channel.id, event: "test", payload } });

    await handlers["alerts.deliver"]?.({ notificationId: id }, { db: t.db });

    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0]?.headers.host).toBe(`${HOOK_HOST}:${hook.port}`);
    expect(await t.db.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "delivered" });
  });
});
