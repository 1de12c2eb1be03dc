/**
 * Issue 20 item 7, end to end: a table of address forms (egress-forms.testing.ts: inet_aton forms, every
 * IPv6 embedding of IPv4, special IPv6, DNS names answering each through the platform resolver on a
 * loopback DNS server) is pushed through every path that dials — webhook, Slack, Teams and PagerDuty
 * delivery (pinned HTTP transport), the SMTP probe (pinned dialer), the IMAP connection (imapflow) and
 * the MTA-STS policy fetch (pinned HTTPS) — and the save-time channel check. Every socket `connect()` in
 * the process is recorded; a refused form must cause none.
 *
 * With the tests' EGRESS_ALLOW of "127.0.0.0/8,::1/128", IPv4 loopback in any IPv4 form (or IPv4-mapped)
 * and ::1 are allowed — that is the allowlist — while ::7f00:1, ::ffff:0:7f00:1, 64:ff9b::7f00:1,
 * 2002:7f00:1::, Teredo and the rest are refused. With an empty policy (production) everything is refused.
 */
import net, { type AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { startTestDnsServer, type TestDnsServer } from "@inboxwatch/deliverability/dns/testing";
import { createPinnedHttpsFetcher, createPinnedHttpTransport, type EgressPolicy, parseAllowlist } from "@inboxwatch/deliverability/net";
import { probeSmtp } from "@inboxwatch/deliverability/smtp";

import { assertChannelTargetAllowed } from "@inboxwatch/alerting";
import { buildTestNotification, type ChannelDeps, generateWebhookSecret, getChannel } from "@inboxwatch/alerting/engine";
import { connectImap } from "@inboxwatch/deliverability/imap";
import { type AddressForm, buildFormTable } from "./egress-forms.testing.ts";
import { createPlatformDns, type PlatformDns } from "./platform-dns.ts";

/** Every dial in this file hits a loopback listener that hangs up at once; nothing should wait longer. */
const DIAL_TIMEOUT_MS = 2_000;

type Connect = { host: string; port: number };
const connects: Connect[] = [];
let listeners: net.Server[] = [];
let port = 0;
let accepted = 0;
let dns: TestDnsServer;
let platform: PlatformDns;
const table = buildFormTable("egress-forms.test");

/** Records every TCP connect of the process (net, http, https, tls, imapflow all end in Socket#connect). */
function recordConnects() {
  const original = net.Socket.prototype.connect;
  vi.spyOn(net.Socket.prototype, "connect").mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    const options = (typeof first === "object" && first !== null ? first : { port: first, host: args[1] }) as {
      host?: string;
      port?: number | string;
      lookup?: net.LookupFunction;
    };
    let host = String(options.host ?? "localhost");
    // A name with a custom `lookup` (the pinned HTTP transport) goes where that lookup says: ask it, like Node will.
    if (!net.isIP(host) && options.lookup)
      options.lookup(host, { all: false }, (_err, address) => (host = typeof address === "string" ? address : `unresolved ${host}`));
    if (Number(options.port) !== dns.port) connects.push({ host, port: Number(options.port) });
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  });
}

/** A listener on 127.0.0.1 and ::1, same port, that counts and drops every connection. */
async function listenBoth(): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const v4 = net.createServer((s) => (accepted++, s.destroy()));
    await new Promise<void>((resolve) => v4.listen(0, "127.0.0.1", resolve));
    const candidate = (v4.address() as AddressInfo).port;
    const v6 = net.createServer((s) => (accepted++, s.destroy()));
    const ok = await new Promise<boolean>((resolve) => {
      v6.once("error", () => resolve(false));
      v6.listen(candidate, "::1", () => resolve(true));
    });
    if (ok) {
      listeners = [v4, v6];
      port = candidate;
      return;
    }
    v4.close();
  }
  throw new Error("no port free on both 127.0.0.1 and ::1");
}

beforeAll(async () => {
  dns = await startTestDnsServer(table.zone);
  platform = createPlatformDns({ servers: [dns.address], timeoutMs: 1_000 });
  await listenBoth();
  recordConnects();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await Promise.all(listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))));
  await dns?.close();
});

const TEST_ALLOWLIST = "127.0.0.0/8,::1/128";

/** The expectation, from the row's own `denotes` (not from the guard): only the allowlist opens anything. */
function expectAllowed(row: AddressForm, policyName: "test" | "production"): boolean {
  if (policyName === "production") return false;
  if (row.family === 4) return row.denotes.startsWith("127.");
  return row.denotes === "::1";
}

function urlHost(form: string): string {
  return form.includes(":") && !form.startsWith("[") ? `[${form}]` : form;
}

type DialPath = { name: string; dial: (row: AddressForm, policy: EgressPolicy) => Promise<unknown> };

function channelPath(kind: "webhook" | "slack" | "teams" | "pagerduty"): DialPath {
  return {
    name: kind,
    dial: async (row, policy) => {
      const url = `http://${urlHost(row.form)}:${port}/hook`;
      const deps: ChannelDeps = {
        http: createPinnedHttpTransport({ policy, lookupAll: platform.lookupAll }),
        now: () => Date.now(),
        timeoutMs: DIAL_TIMEOUT_MS,
        ...(kind === "pagerduty" ? { pagerDutyEventsUrl: url } : {}),
      };
      const config =
        kind === "pagerduty" ? { routingKey: "a".repeat(32) } : kind === "webhook" ? { url, secrets: [generateWebhookSecret()] } : { url };
      const notification = buildTestNotification({ id: "n1", orgId: "org", url: "https://app.example/", now: Date.now() });
      return getChannel(kind).deliver(config, notification, deps);
    },
  };
}

const DIAL_PATHS: DialPath[] = [
  channelPath("webhook"),
  channelPath("slack"),
  channelPath("teams"),
  channelPath("pagerduty"),
  {
    name: "smtp probe",
    dial: (row, policy) =>
      probeSmtp(
        { host: row.form, port, mode: "plain", kind: "host" },
        {
          egressPolicy: policy,
          limits: { connectTimeoutMs: DIAL_TIMEOUT_MS, bannerTimeoutMs: DIAL_TIMEOUT_MS, hardTimeoutMs: 4 * DIAL_TIMEOUT_MS },
        },
        { resolver: platform.probeResolver },
      ),
  },
  {
    name: "imap",
    dial: async (row, policy) => {
      const outcome = await connectImap(
        { host: row.form, port, tlsMode: "NONE", username: "u", password: "secret-password" },
        { policy, lookupAll: platform.lookupAll },
      );
      if (outcome.ok) outcome.client.close();
      return outcome;
    },
  },
  {
    name: "mta-sts fetch",
    dial: async (row, policy) => {
      const fetcher = createPinnedHttpsFetcher({ policy, lookupAll: platform.lookupAll, portOverride: port, timeoutMs: DIAL_TIMEOUT_MS });
      try {
        return await fetcher(`https://${urlHost(row.form)}/.well-known/mta-sts.txt`);
      } catch (err) {
        return { refusedBeforeConnect: String(err) };
      }
    },
  },
];

async function runTable(policyName: "test" | "production") {
  const policy: EgressPolicy = { allow: policyName === "test" ? parseAllowlist(TEST_ALLOWLIST) : [] };
  const failures: string[] = [];
  const dialledAllowed: Record<string, number> = {};
  let refusedDials = 0;
  for (const row of table.forms) {
    const allowed = expectAllowed(row, policyName);
    for (const path of DIAL_PATHS) {
      connects.length = 0;
      await path.dial(row, policy);
      const seen = [...connects];
      if (!allowed) {
        refusedDials++;
        if (seen.length > 0)
          failures.push(`${path.name}: ${row.form} (${row.how}) reached connect() at ${seen.map((c) => `${c.host}:${c.port}`).join(", ")}`);
      } else {
        const stray = seen.filter((c) => c.host !== row.denotes || c.port !== port);
        if (stray.length > 0)
          failures.push(
            `${path.name}: ${row.form} (${row.how}) dialled ${stray.map((c) => `${c.host}:${c.port}`).join(", ")} instead of ${row.denotes}`,
          );
        if (seen.length > 0) dialledAllowed[path.name] = (dialledAllowed[path.name] ?? 0) + 1;
      }
    }
    // The save-time channel check agrees with the dialers on every form that is a valid URL host.
    const saved = await assertChannelTargetAllowed(
      "webhook",
      { url: `http://${urlHost(row.form)}:${port}/hook` },
      { policy, lookupAll: platform.lookupAll },
    ).then(
      () => "saved",
      (err: Error) => err.message,
    );
    if (!allowed && saved === "saved") failures.push(`save check: ${row.form} (${row.how}) was accepted`);
  }
  return { failures, dialledAllowed, refusedDials };
}

describe("no refused address form reaches connect() on any dial path", () => {
  it("has a table of at least 200 forms, DNS names included", () => {
    expect(table.forms.length).toBeGreaterThanOrEqual(200);
    expect(table.forms.filter((f) => f.how.startsWith("DNS name")).length).toBeGreaterThanOrEqual(50);
  });

  it(
    `with the tests' EGRESS_ALLOW (${TEST_ALLOWLIST}): IPv4 loopback forms pass, every IPv6 embedding of them is refused`,
    { timeout: 300_000 },
    async () => {
      accepted = 0;
      const { failures, dialledAllowed, refusedDials } = await runTable("test");
      const allowedForms = table.forms.filter((f) => expectAllowed(f, "test")).length;
      console.info(
        `egress table (test allowlist): ${table.forms.length} forms × ${DIAL_PATHS.length} dial paths; ${refusedDials} refused dials, ${failures.length} reached connect or strayed; ` +
          `${allowedForms} allowed forms dialled per path: ${JSON.stringify(dialledAllowed)}; listener accepted ${accepted}`,
      );
      expect(failures).toEqual([]);
      // The harness sees dials: every path connected for allowed forms (so zero connects for refused ones means something).
      for (const path of DIAL_PATHS) expect(dialledAllowed[path.name] ?? 0, path.name).toBeGreaterThan(0);
      expect(accepted).toBeGreaterThan(0);
    },
  );

  it(
    "with an empty policy (production): every loopback, private, metadata and special form is refused before connect()",
    { timeout: 300_000 },
    async () => {
      accepted = 0;
      const { failures, refusedDials } = await runTable("production");
      console.info(
        `egress table (empty policy): ${table.forms.length} forms × ${DIAL_PATHS.length} dial paths = ${refusedDials} refused dials, ${failures.length} reached connect`,
      );
      expect(failures).toEqual([]);
      expect(accepted).toBe(0);
    },
  );
});
