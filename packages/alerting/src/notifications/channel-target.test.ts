/**
 * Issue 20 item 8: a channel URL is checked when it is saved, with the egress guard and the platform
 * resolver (DNS_SERVERS → a loopback DNS server here), not only when a notification is sent; and a
 * channel that never delivered is listed as such, not as "healthy".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestDnsServer, type TestDnsServer } from "@inboxwatch/deliverability/dns/testing";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { type OrgContext, ValidationError } from "@inboxwatch/services";

import { createChannel, listChannels, updateChannel } from "./channels.ts";

let t: TestDatabase;
let dns: TestDnsServer;
let ctx: OrgContext;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  dns = await startTestDnsServer({
    "intranet.channel-test.invalid": { A: ["10.0.0.5"] },
    "metadata.channel-test.invalid": { A: ["169.254.169.254"], AAAA: ["::ffff:169.254.169.254"] },
    "embedded.channel-test.invalid": { AAAA: ["::7f00:1"] },
    "hooks.channel-test.invalid": { A: ["127.0.0.1"] },
  });
  process.env.DNS_SERVERS = dns.address;
  const org = await t.db.organization.create({ data: { name: "Targets", slug: "channel-targets" } });
  ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM", label: "test" } };
});
afterAll(async () => {
  await dns?.close();
  await t?.drop();
});

async function refusal(run: () => Promise<unknown>): Promise<string> {
  const err = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).message;
}

describe("channel URLs are checked at save", () => {
  it.each([
    ["webhook", "http://169.254.169.254/latest/meta-data/"],
    ["slack", "https://169.254.169.254/services/T000/B000/x"],
    ["teams", "https://[::ffff:169.254.169.254]/webhook"],
  ] as const)("refuses a %s channel to the metadata address, naming the reason", async (kind, url) => {
    const message = await refusal(() => createChannel(ctx, { kind, name: `meta ${kind}`, config: { url } }));
    expect(message).toContain("refused: 169.254.169.254 is a link-local address");
    expect(await t.db.alertChannel.count({ where: { orgId: ctx.orgId, name: `meta ${kind}` } })).toBe(0);
  });

  it("refuses a name that resolves (via DNS_SERVERS) only to a private address", async () => {
    const message = await refusal(() =>
      createChannel(ctx, { kind: "webhook", name: "intranet", config: { url: "https://intranet.channel-test.invalid/hook" } }),
    );
    expect(message).toContain(
      "intranet.channel-test.invalid resolves only to forbidden addresses — refused: 10.0.0.5 is a private address",
    );
  });

  it("refuses names and literals that reach loopback through an IPv6 embedding, even with 127.0.0.0/8 allowed", async () => {
    expect(process.env.EGRESS_ALLOW).toContain("127.0.0.0/8");
    expect(
      await refusal(() =>
        createChannel(ctx, { kind: "webhook", name: "v6 name", config: { url: "http://embedded.channel-test.invalid/hook" } }),
      ),
    ).toContain("refused: ::7f00:1 is an IPv4-compatible IPv6 address");
    expect(
      await refusal(() => createChannel(ctx, { kind: "webhook", name: "v6 literal", config: { url: "http://[::127.0.0.1]/hook" } })),
    ).toContain("refused: ::7f00:1");
    expect(
      await refusal(() =>
        createChannel(ctx, { kind: "webhook", name: "metadata name", config: { url: "http://metadata.channel-test.invalid/" } }),
      ),
    ).toContain("link-local");
  });

  it("saves an allowed URL, lists it as not used yet, and refuses an edit to a forbidden one", async () => {
    const { channel } = await createChannel(ctx, {
      kind: "webhook",
      name: "allowed",
      config: { url: "http://hooks.channel-test.invalid:8080/hook" },
    });
    const listed = (await listChannels(ctx)).find((c) => c.id === channel.id);
    expect(listed).toMatchObject({ status: "healthy", lastDeliveredAt: null });
    const message = await refusal(() => updateChannel(ctx, { id: channel.id, config: { url: "http://0xa9fea9fe/" } }));
    expect(message).toContain("refused: 169.254.169.254 is a link-local address");
    await expect(updateChannel(ctx, { id: channel.id, config: { url: "https://93.184.216.34/hook" } })).resolves.toMatchObject({
      id: channel.id,
    });
  });
});
