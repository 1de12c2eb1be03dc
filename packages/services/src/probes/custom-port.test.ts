/**
 * Custom ports and the per-server EHLO name: the server verbs keep the custom port monitors in step
 * (validation, modes, removal keeps history), the probe dials the custom port of a real smtp-server on
 * loopback and gives the server's EHLO name, the egress guard still applies on that port, and the list
 * carries each port's state and the 24 h latency sparkline. Cross-tenant ids are NOT_FOUND.
 */
import type net from "node:net";

import selfsigned from "selfsigned";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { type SmtpLimits } from "@inboxwatch/deliverability/smtp";
import { createTestDatabase, type TestDatabase } from "@inboxwatch/db/testing";

import { type OrgContext } from "../context.ts";
import { createMailServer, getMailServer, listMailServers, updateMailServer } from "../inventory/mail-server.ts";
import { listServerMonitors } from "./read.ts";
import { probeMonitorNow, runMonitorProbe, type ProbeRunDeps } from "./run.ts";

const LIMITS: Partial<SmtpLimits> = {
  connectTimeoutMs: 2_000,
  bannerTimeoutMs: 3_000,
  commandTimeoutMs: 3_000,
  tlsHandshakeTimeoutMs: 3_000,
  hardTimeoutMs: 10_000,
};
const deps: ProbeRunDeps = { limits: LIMITS, helo: "platform.default.test" };

let t: TestDatabase;
let ctx: OrgContext;
let other: OrgContext;
const running: SMTPServer[] = [];
/** The EHLO/HELO names the loopback server was greeted with, in order. */
const greetings: string[] = [];

async function startSmtp(): Promise<number> {
  const pems = selfsigned.generate([{ name: "commonName", value: "mx.custom.test" }], { keySize: 2048, days: 30, algorithm: "sha256" });
  const server = new SMTPServer({
    key: pems.private,
    cert: pems.cert,
    name: "mx.custom.test",
    authOptional: true,
    logger: false,
    onData: (stream, _s, cb) => stream.resume().on("end", () => cb()),
    // The name of the last EHLO/HELO of the session (after STARTTLS the client greets again, RFC 3207 §4.2).
    onClose: (session) => {
      if (session.hostNameAppearsAs) greetings.push(session.hostNameAppearsAs);
    },
  });
  running.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = (server as unknown as { server: net.Server }).server.address();
  return typeof address === "object" && address ? address.port : 0;
}

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const orgA = await t.db.organization.create({ data: { name: "A", slug: "custom-a" } });
  const orgB = await t.db.organization.create({ data: { name: "B", slug: "custom-b" } });
  ctx = { db: t.db, orgId: orgA.id, actor: { type: "SYSTEM", label: "test" } };
  other = { db: t.db, orgId: orgB.id, actor: { type: "SYSTEM", label: "test" } };
});
afterAll(async () => {
  await Promise.all(running.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  await t?.drop();
});

describe("custom ports and the EHLO name on the server verbs", () => {
  it("creates a monitor per custom port with its mode, validates, and keeps history when a port is removed", async () => {
    const server = await createMailServer(ctx, {
      hostname: "smtp.custom.test",
      port25: false,
      port587: true,
      port465: false,
      customPorts: [
        { port: 2525, mode: "starttls" },
        { port: 10465, mode: "tls" },
      ],
      ehloName: "Probe.Example.COM",
    });
    expect(server.ehloName).toBe("probe.example.com");
    expect(server.customPorts).toEqual([
      { port: 2525, mode: "starttls" },
      { port: 10465, mode: "tls" },
    ]);
    const monitors = await t.db.monitor.findMany({ where: { serverId: server.id }, orderBy: { port: "asc" } });
    expect(monitors.map((m) => [m.port, m.mode, m.enabled])).toEqual([
      [587, "starttls", true],
      [2525, "starttls", true],
      [10465, "tls", true],
    ]);
    // The tiles list 587 first, then the custom ports by number.
    expect((await listServerMonitors(ctx, { serverId: server.id })).monitors.map((m) => m.port)).toEqual([587, 2525, 10465]);

    // Validation: standard ports, range, duplicates, EHLO names that are no host names.
    const base = { hostname: "bad.custom.test" };
    await expect(createMailServer(ctx, { ...base, customPorts: [{ port: 587, mode: "starttls" }] })).rejects.toThrow(/standard port/);
    await expect(createMailServer(ctx, { ...base, customPorts: [{ port: 70000, mode: "starttls" }] })).rejects.toThrow(/1–65535/);
    await expect(createMailServer(ctx, { ...base, customPorts: [{ port: 0, mode: "tls" }] })).rejects.toThrow(/1–65535/);
    await expect(
      createMailServer(ctx, {
        ...base,
        customPorts: [
          { port: 2525, mode: "starttls" },
          { port: 2525, mode: "tls" },
        ],
      }),
    ).rejects.toThrow(/listed twice/);
    await expect(createMailServer(ctx, { ...base, ehloName: "bad name\r\nMAIL FROM:<x>" })).rejects.toThrow();
    await expect(createMailServer(ctx, { ...base, port25: false, port587: false, port465: false })).rejects.toThrow(/at least one port/);
    // Only custom ports is a valid server.
    const onlyCustom = await createMailServer(ctx, {
      hostname: "only.custom.test",
      port25: false,
      port587: false,
      port465: false,
      customPorts: [{ port: 2525, mode: "starttls" }],
    });
    expect(onlyCustom.customPorts).toHaveLength(1);

    // Update: a mode change resets the monitor's state; a port left out is disabled, history kept; omitted = unchanged.
    const m2525 = monitors.find((m) => m.port === 2525);
    if (!m2525) throw new Error("no 2525 monitor");
    await t.db.monitor.update({ where: { id: m2525.id }, data: { state: "UP", stateSince: new Date() } });
    const updated = await updateMailServer(ctx, { id: server.id, customPorts: [{ port: 2525, mode: "tls" }] });
    expect(updated.customPorts).toEqual([{ port: 2525, mode: "tls" }]);
    expect(await t.db.monitor.findUniqueOrThrow({ where: { id: m2525.id } })).toMatchObject({
      mode: "tls",
      state: "UNKNOWN",
      enabled: true,
    });
    expect(await t.db.monitor.findFirstOrThrow({ where: { serverId: server.id, port: 10465 } })).toMatchObject({ enabled: false });
    const renamed = await updateMailServer(ctx, { id: server.id, ehloName: null, role: "RELAY" });
    // A partial update changes only what it names (the flags it leaves out stay off).
    expect(renamed).toMatchObject({
      ehloName: null,
      role: "RELAY",
      port25: false,
      port587: true,
      port465: false,
      customPorts: [{ port: 2525, mode: "tls" }],
    });
    // Dropping every port, custom ones included, is refused.
    await expect(updateMailServer(ctx, { id: server.id, port587: false, customPorts: [] })).rejects.toThrow(/at least one port/);

    // Another organization sees none of it.
    await expect(getMailServer(other, { id: server.id })).rejects.toThrow(/not found/i);
    await expect(updateMailServer(other, { id: server.id, customPorts: [{ port: 2526, mode: "starttls" }] })).rejects.toThrow(/not found/i);
    expect(await listMailServers(other)).toEqual([]);
    expect(await t.db.monitor.count({ where: { serverId: server.id, port: 2526 } })).toBe(0);
  });
});

describe("probing a custom port", () => {
  it("dials the custom port, greets with the server's EHLO name, and the list shows its state and latency", async () => {
    const port = await startSmtp();
    const server = await createMailServer(ctx, {
      hostname: "127.0.0.1",
      port25: false,
      port587: false,
      port465: false,
      customPorts: [{ port, mode: "starttls" }],
      ehloName: "probe.customer-allowed.example",
    });
    const monitor = await t.db.monitor.findFirstOrThrow({ where: { serverId: server.id, port } });
    expect(monitor.dialPort).toBeNull();

    const now = await probeMonitorNow(ctx, { id: monitor.id }, deps);
    expect(now.result.outcome.kind).toBe("ok");
    expect(now.result.target).toMatchObject({ host: "127.0.0.1", port, mode: "starttls" });
    expect(now.result.tls).not.toBeNull();
    // The transcript shows what the server received.
    const sent = now.result.transcript.filter((l) => l.dir === "C").map((l) => l.text);
    expect(sent).toContain("EHLO probe.customer-allowed.example");
    expect(sent.some((l) => l.includes("platform.default.test"))).toBe(false);
    // onClose runs once the server saw the socket close, just after the probe's QUIT.
    await vi.waitFor(() => expect(greetings).toEqual(["probe.customer-allowed.example"]));

    // Without a per-server name the platform default is used.
    await updateMailServer(ctx, { id: server.id, ehloName: null });
    await runMonitorProbe(ctx, { monitorId: monitor.id, slot: new Date(Date.now() + 60_000) }, deps);
    await vi.waitFor(() => expect(greetings.at(-1)).toBe("platform.default.test"));

    // The egress guard applies on a custom port like on any other: loopback not allowed → no socket.
    const before = greetings.length;
    const blocked = await probeMonitorNow(ctx, { id: monitor.id }, { ...deps, egressPolicy: { allow: [] } });
    expect(blocked.result.outcome.kind).toBe("blocked_by_policy");
    expect(greetings.length).toBe(before);

    const [row] = (await listMailServers(ctx)).filter((s) => s.id === server.id);
    expect(row?.ports).toEqual([expect.objectContaining({ port, mode: "starttls", state: "UP" })]);
    expect(row?.latency).toHaveLength(24);
    expect(row?.latency.at(-1)?.ms).toEqual(expect.any(Number));
    await expect(probeMonitorNow(other, { id: monitor.id }, deps)).rejects.toThrow(/not found/i);
  });
});
