import { execFile } from "node:child_process";
import dgram from "node:dgram";
import net from "node:net";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";
import { addSyslogSource, processLogBatch, rotateSyslogToken } from "@inboxwatch/services/ingest";

import { type RunningSyslogReceiver, startSyslogReceiver } from "./syslog.ts";
import { systemContext } from "@inboxwatch/services";

let t: TestDatabase;
/** The system context the tests call system verbs (no organization acting) with. */
const sys = () => systemContext(t.db, "test");
let orgId: string;
let token: string;
let rx: RunningSyslogReceiver;

const MSG = (id: string, to: string) =>
  `${id}: to=<${to}>, relay=gmail-smtp-in.l.google.com[192.0.2.1]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK 1709287202)`;

/** Exactly what rsyslog's RSYSLOG_SyslogProtocol23Format writes, with %STRUCTURED-DATA% carrying the token (infra/log-shipping/rsyslog-omfwd.conf). */
const protocol23 = (id: string, to: string) =>
  `<22>1 2026-11-27T10:00:00.123456+00:00 mx1 postfix/smtp 4242 - [inboxwatch@32473 token="${token}"]  ${MSG(id, to)}\n`;
const octetCounted = (msg: string) => `${Buffer.byteLength(msg)} ${msg}`;

async function until(what: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await what()) return;
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("condition not reached");
}

function sendTcp(port: number, data: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => {
      // Written in pieces that split frames, as TCP may deliver them.
      const all = Buffer.from(data.join(""));
      for (let i = 0; i < all.length; i += 97) s.write(all.subarray(i, i + 97));
      s.end();
    });
    s.on("close", () => resolve());
    s.on("error", reject);
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const org = await t.db.organization.create({ data: { name: "Syslog", slug: "syslog" } });
  orgId = org.id;
  token = (await rotateSyslogToken({ db: t.db, orgId, actor: { type: "SYSTEM", label: "test" } })).token;
  rx = await startSyslogReceiver({ db: t.db, port: 0, host: "127.0.0.1", flushIntervalMs: 3_600_000, log: () => undefined });
});
afterAll(async () => {
  await rx?.stop();
  await t?.drop();
});

async function processAll(): Promise<void> {
  for (const b of await t.db.rawLogBatch.findMany({ where: { orgId, status: "PENDING" }, orderBy: { receivedAt: "asc" } }))
    await processLogBatch(sys(), { batchId: b.id });
}

describe("syslog receiver", () => {
  it("takes rsyslog's RSYSLOG_SyslogProtocol23Format over octet-counted TCP and maps it to the organization by its token", async () => {
    await sendTcp(rx.port, [
      octetCounted(protocol23("4BNkSv1Jx6z1", "a@gmail.com")),
      octetCounted(protocol23("4BNkSv1Jx6z2", "b@gmail.com")),
    ]);
    await until(() => rx.stats().messages === 2);
    await rx.flush();
    await processAll();
    const events = await t.db.deliveryEvent.findMany({ where: { orgId }, orderBy: { queueId: "asc" } });
    expect(events.map((e) => [e.queueId, e.host, e.status, e.provider, e.time.toISOString()])).toEqual([
      ["4BNkSv1Jx6z1", "mx1", "sent", "google", "2026-11-27T10:00:00.123Z"],
      ["4BNkSv1Jx6z2", "mx1", "sent", "google", "2026-11-27T10:00:00.123Z"],
    ]);
    expect((await t.db.rawLogBatch.findFirstOrThrow({ where: { orgId } })).source).toBe("syslog");
  });

  it("takes newline-framed RFC 3164 with the token in front of the tag, and UDP", async () => {
    const before = await t.db.deliveryEvent.count({ where: { orgId } });
    await sendTcp(rx.port, [`<22>Nov 27 10:01:00 mx2 ${token}.postfix/smtp[77]: ${MSG("5CNkSv1Jx6z3", "c@yahoo.com")}\n`]);
    const udp = dgram.createSocket("udp4");
    await new Promise<void>((resolve, reject) =>
      udp.send(protocol23("6DNkSv1Jx6z4", "d@outlook.com"), rx.port, "127.0.0.1", (err) => (err ? reject(err) : resolve())),
    );
    udp.close();
    await until(() => rx.stats().messages === 4);
    await rx.flush();
    await processAll();
    const added = await t.db.deliveryEvent.findMany({
      where: { orgId, queueId: { in: ["5CNkSv1Jx6z3", "6DNkSv1Jx6z4"] } },
      orderBy: { queueId: "asc" },
    });
    expect(added.map((e) => [e.host, e.provider])).toEqual([
      ["mx2", "yahoo"],
      ["mx1", "microsoft"],
    ]);
    expect(await t.db.deliveryEvent.count({ where: { orgId } })).toBe(before + 2);
  });

  it("drops messages without a token or with an unknown one, and survives framing garbage", async () => {
    const stats = rx.stats();
    const batches = await t.db.rawLogBatch.count();
    const unknown = `<22>1 2026-11-27T10:00:00Z mx1 postfix/smtp 1 - [inboxwatch@32473 token="iwl_000000000000000000000000"] ${MSG("7ENkSv1Jx6z5", "e@gmail.com")}\n`;
    await sendTcp(rx.port, [
      `<22>1 2026-11-27T10:00:00Z mx1 postfix/smtp 1 - - ${MSG("7ENkSv1Jx6z6", "f@gmail.com")}\n`,
      unknown,
      "999999999 x\n",
      `${"z".repeat(70 * 1024)}\n`,
    ]);
    await until(() => rx.stats().messages >= stats.messages + 2 && rx.stats().framingErrors > stats.framingErrors);
    await rx.flush();
    expect(rx.stats().rejected).toBe(stats.rejected + 2);
    expect(await t.db.rawLogBatch.count()).toBe(batches);
  });

  it("flushes by itself once an organization has flushLines lines waiting", async () => {
    const small = await startSyslogReceiver({
      db: t.db,
      port: 0,
      host: "127.0.0.1",
      flushIntervalMs: 3_600_000,
      flushLines: 3,
      log: () => undefined,
    });
    try {
      const before = await t.db.rawLogBatch.count({ where: { orgId } });
      await sendTcp(
        small.port,
        ["8F", "9F", "AF"].map((p) => octetCounted(protocol23(`${p}NkSv1Jx6z7`, "g@gmail.com"))),
      );
      await until(async () => (await t.db.rawLogBatch.count({ where: { orgId } })) === before + 1);
      expect((await t.db.rawLogBatch.findFirstOrThrow({ where: { orgId }, orderBy: { receivedAt: "desc" } })).lineCount).toBe(3);
    } finally {
      await small.stop();
    }
  });
});

describe("syslog receiver: organizations by registered source address", () => {
  it("maps token-less TCP and UDP messages by the peer address an organization registered, and rejects other peers", async () => {
    const org = await t.db.organization.create({ data: { name: "By address", slug: "by-address" } });
    const ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM" as const, label: "test" } };
    await addSyslogSource(ctx, { address: "127.0.0.5", label: "mta tcp" });
    await addSyslogSource(ctx, { address: "::ffff:127.0.0.6", label: "mta udp" });
    // Each address is proven first: one line with the organization's token over TCP from it (issue 20 item 10).
    const ownToken = (await rotateSyslogToken(ctx)).token;
    const proofStats = rx.stats();
    for (const from of ["127.0.0.5", "127.0.0.6"])
      await sendFrom(from, "tcp", `<22>Nov 27 10:01:59 mx3 ${ownToken}.logger: Inboxwatch source check\n`);
    await until(() => rx.stats().messages === proofStats.messages + 2);
    await rx.flush();
    expect(rx.stats().verifiedSources).toBe(proofStats.verifiedSources + 2);
    const plain = (id: string, to: string) => `<22>Nov 27 10:02:00 mx3 postfix/smtp[88]: ${MSG(id, to)}\n`;
    const stats = rx.stats();

    await new Promise<void>((resolve, reject) => {
      const s = net.connect({ port: rx.port, host: "127.0.0.1", localAddress: "127.0.0.5" }, () =>
        s.end(plain("BGNkSv1Jx6z8", "h@gmail.com")),
      );
      s.on("close", () => resolve());
      s.on("error", reject);
    });
    for (const from of ["127.0.0.6", "127.0.0.7"]) {
      const udp = dgram.createSocket("udp4");
      await new Promise<void>((resolve) => udp.bind(0, from, () => resolve()));
      await new Promise<void>((resolve, reject) =>
        udp.send(plain(from === "127.0.0.6" ? "CHNkSv1Jx6z9" : "DJNkSv1Jx6zA", "i@gmail.com"), rx.port, "127.0.0.1", (err) =>
          err ? reject(err) : resolve(),
        ),
      );
      udp.close();
    }
    await until(() => rx.stats().messages === stats.messages + 3);
    await rx.flush();
    expect(rx.stats().rejected).toBe(stats.rejected + 1);
    for (const b of await t.db.rawLogBatch.findMany({ where: { orgId: org.id, status: "PENDING" } }))
      await processLogBatch(sys(), { batchId: b.id });
    const events = await t.db.deliveryEvent.findMany({ where: { orgId: org.id }, orderBy: { queueId: "asc" } });
    expect(events.map((e) => [e.queueId, e.host])).toEqual([
      ["BGNkSv1Jx6z8", "mx3"],
      ["CHNkSv1Jx6z9", "mx3"],
    ]);
    expect(await t.db.deliveryEvent.count({ where: { queueId: "DJNkSv1Jx6zA" } })).toBe(0);
  });
});

/** One message from a chosen loopback source address, over TCP (which proves the address) or UDP (which does not). */
async function sendFrom(from: string, transport: "tcp" | "udp", message: string): Promise<void> {
  if (transport === "tcp") {
    await new Promise<void>((resolve, reject) => {
      const s = net.connect({ port: rx.port, host: "127.0.0.1", localAddress: from }, () => s.end(message));
      s.on("close", () => resolve());
      s.on("error", reject);
    });
    return;
  }
  const udp = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => udp.bind(0, from, () => resolve()));
  await new Promise<void>((resolve, reject) => udp.send(message, rx.port, "127.0.0.1", (err) => (err ? reject(err) : resolve())));
  udp.close();
}

describe("syslog receiver: a source address is attributed only once its claimant proved control (issue 20 item 10)", () => {
  const plain = (id: string) => `<22>Nov 27 10:03:00 mx9 postfix/smtp[99]: ${MSG(id, "k@gmail.com")}\n`;
  const tokened = (tok: string, id: string) => `<22>Nov 27 10:03:00 mx9 ${tok}.postfix/smtp[99]: ${MSG(id, "k@gmail.com")}\n`;

  async function tenant(slug: string) {
    const org = await t.db.organization.create({ data: { name: slug, slug } });
    const ctx = { db: t.db, orgId: org.id, actor: { type: "SYSTEM" as const, label: "test" } };
    return { ctx, token: (await rotateSyslogToken(ctx)).token };
  }
  async function queueIdsOf(org: string): Promise<string[]> {
    for (const b of await t.db.rawLogBatch.findMany({ where: { orgId: org, status: "PENDING" } }))
      await processLogBatch(sys(), { batchId: b.id });
    return (await t.db.deliveryEvent.findMany({ where: { orgId: org, host: "mx9" }, orderBy: { queueId: "asc" } })).map((e) => e.queueId);
  }
  async function deliver(count: number, send: () => Promise<void>): Promise<void> {
    const before = rx.stats().messages;
    await send();
    await until(() => rx.stats().messages === before + count);
    await rx.flush();
  }

  it("gives an unproven claim nothing, lets the first TCP proof win, and keeps the address with its prover", async () => {
    const victim = await tenant("mta-owner");
    const claimant = await tenant("claimant");
    // The claimant registers the victim's MTA address first: the victim's untokened lines are nobody's, not the claimant's.
    await addSyslogSource(claimant.ctx, { address: "127.0.0.8", label: "not mine" });
    const rejected = rx.stats().rejected;
    await deliver(1, () => sendFrom("127.0.0.8", "tcp", plain("EKNkSv1Jx6z1")));
    expect(await queueIdsOf(claimant.ctx.orgId)).toEqual([]);
    expect(rx.stats().rejected).toBe(rejected + 1);
    // The victim may register it too while neither has proven anything.
    await addSyslogSource(victim.ctx, { address: "127.0.0.8", label: "mx9" });

    // A tokened UDP datagram is the token holder's line, but proves nothing: its source can be forged.
    await deliver(1, () => sendFrom("127.0.0.8", "udp", tokened(claimant.token, "EKNkSv1Jx6z2")));
    await deliver(1, () => sendFrom("127.0.0.8", "tcp", plain("EKNkSv1Jx6z3")));
    expect(await queueIdsOf(claimant.ctx.orgId)).toEqual(["EKNkSv1Jx6z2"]);

    // The victim proves control with one tokened line over TCP from the address: from then on its untokened lines are the victim's.
    await deliver(1, () => sendFrom("127.0.0.8", "tcp", tokened(victim.token, "EKNkSv1Jx6z4")));
    await deliver(1, () => sendFrom("127.0.0.8", "tcp", plain("EKNkSv1Jx6z5")));
    expect(await queueIdsOf(victim.ctx.orgId)).toEqual(["EKNkSv1Jx6z4", "EKNkSv1Jx6z5"]);
    const claims = await t.db.syslogSourceAddress.findMany({
      where: { address: "127.0.0.8" },
      select: { orgId: true, status: true, verifiedVia: true },
    });
    expect(claims.find((c) => c.orgId === victim.ctx.orgId)).toMatchObject({ status: "VERIFIED", verifiedVia: "TOKENED_LINE" });
    expect(claims.find((c) => c.orgId === claimant.ctx.orgId)).toMatchObject({ status: "REFUSED" });

    // The loser can neither register the verified address again nor win it with its own tokened TCP line.
    await expect(addSyslogSource(claimant.ctx, { address: "127.0.0.8" })).rejects.toThrow(/another organization/);
    await deliver(1, () => sendFrom("127.0.0.8", "tcp", tokened(claimant.token, "EKNkSv1Jx6z6")));
    await deliver(1, () => sendFrom("127.0.0.8", "tcp", plain("EKNkSv1Jx6z7")));
    expect(await queueIdsOf(victim.ctx.orgId)).toEqual(["EKNkSv1Jx6z4", "EKNkSv1Jx6z5", "EKNkSv1Jx6z7"]);
    expect(await queueIdsOf(claimant.ctx.orgId)).toEqual(["EKNkSv1Jx6z2", "EKNkSv1Jx6z6"]);
  });

  it("keeps a verified address's untokened lines with its owner when another organization registers it", async () => {
    const owner = await tenant("owner-first");
    const other = await tenant("late-claimant");
    await addSyslogSource(owner.ctx, { address: "127.0.0.9" });
    await deliver(1, () => sendFrom("127.0.0.9", "tcp", tokened(owner.token, "FLNkSv1Jx6z1")));
    await expect(addSyslogSource(other.ctx, { address: "127.0.0.9" })).rejects.toThrow(/another organization/);
    await deliver(2, async () => {
      await sendFrom("127.0.0.9", "tcp", plain("FLNkSv1Jx6z2"));
      await sendFrom("127.0.0.9", "udp", plain("FLNkSv1Jx6z3"));
    });
    expect(await queueIdsOf(owner.ctx.orgId)).toEqual(["FLNkSv1Jx6z1", "FLNkSv1Jx6z2", "FLNkSv1Jx6z3"]);
    expect(await queueIdsOf(other.ctx.orgId)).toEqual([]);
  });

  // Last in the file: it verifies 127.0.0.1, where the tests above send from, for this organization.
  it("is proven by the command the Deliverability page shows (util-linux logger over TCP)", async () => {
    const mta = await tenant("logger-proof");
    await addSyslogSource(mta.ctx, { address: "127.0.0.1" });
    await deliver(1, async () => {
      await promisify(execFile)("logger", [
        "--tcp",
        "--server",
        "127.0.0.1",
        "--port",
        String(rx.port),
        "--tag",
        `${mta.token}.check`,
        "Inboxwatch source check",
      ]);
    });
    expect(await t.db.syslogSourceAddress.findFirstOrThrow({ where: { orgId: mta.ctx.orgId } })).toMatchObject({
      status: "VERIFIED",
      verifiedVia: "TOKENED_LINE",
    });
  });
});
