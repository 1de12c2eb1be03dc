/**
 * The demo lab: what `npm start` runs beside the platform so the demo organization's servers and domains
 * are real things that answer, not names that fail. A split DNS (demo zone here, everything else upstream)
 * and one smtp-server listener per demo server port on 127.0.0.1, on the dial ports the seed gave the demo's
 * monitors (DEMO_LAB in prisma/seed.ts). The relay's submission port is left closed on purpose: the demo
 * shows what a port-down incident looks like, named by host and port.
 *
 * Nothing here is simulated: the worker probes these listeners and looks these records up through the same
 * code paths as any customer's; their results are what the demo shows.
 */
import fs from "node:fs";
import path from "node:path";

import selfsigned from "selfsigned";
import { SMTPServer } from "smtp-server";

import { startTestDnsServer } from "../../packages/deliverability/src/dns/testing/server.ts";
import { DEMO_LAB, DEMO_SMTP_LOGIN } from "../../prisma/seed.ts";
import { startSplitDns, upstreamsFromEnvironment } from "./split-dns.ts";
import { DEMO_LAB_HOST, demoZone, isDemoName } from "./zone.ts";

export interface DemoLab {
  /** `127.0.0.1:port`, for DNS_SERVERS. */
  dnsAddress: string;
  /** The listeners that came up, "host:port → dial port". */
  listening: string[];
  /** Listeners that could not bind (port taken): those demo ports will show DOWN, truthfully. */
  failed: string[];
  /** Where each open demo port really listens (its seeded dial port, or any free port with `anyPorts`). */
  bound: { host: string; port: number; dialPort: number }[];
  close(): Promise<void>;
}

export interface DemoLabOptions {
  /** Where the lab keeps its certificate between runs (generating one takes a second or two). */
  dataDir: string;
  /** The DNS_SERVERS the platform had before the lab (the lab relays every non-demo question there). */
  upstreamDnsServers: string | undefined;
  /** The split DNS port; 0 = any free one. */
  dnsPort?: number;
  /** Listen on any free ports instead of the seeded dial ports (tests beside a running `npm start`). */
  anyPorts?: boolean;
}

interface Certificate {
  key: string;
  cert: string;
}

/** One self-signed certificate for every demo host, kept in the data directory. */
function labCertificate(dataDir: string): Certificate {
  const file = path.join(dataDir, "demo-lab-cert.json");
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as Certificate;
  const hosts = [...new Set(DEMO_LAB.ports.map((p) => p.host))];
  const pems = selfsigned.generate([{ name: "commonName", value: hosts[0] ?? "acme-mail.example" }], {
    keySize: 2048,
    days: 825,
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: hosts.map((value) => ({ type: 2, value })) }],
  });
  const cert = { key: pems.private, cert: pems.cert };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(cert), { mode: 0o600 });
  return cert;
}

function smtpListener(host: string, port: 25 | 587 | 465, certificate: Certificate): SMTPServer {
  const submission = port !== 25;
  const server = new SMTPServer({
    name: host,
    banner: "Acme Mail (Inboxwatch demo lab)",
    logger: false,
    disableReverseLookup: true,
    secure: port === 465,
    key: certificate.key,
    cert: certificate.cert,
    size: 25 * 1024 * 1024,
    closeTimeout: 1_000,
    // Submission ports want AUTH after STARTTLS; the MX port takes mail without it.
    authOptional: !submission,
    authMethods: ["PLAIN", "LOGIN"],
    ...(submission ? {} : { disabledCommands: ["AUTH"] }),
    onAuth(auth, _session, callback) {
      if (auth.username === DEMO_SMTP_LOGIN.username && auth.password === DEMO_SMTP_LOGIN.password)
        return callback(null, { user: auth.username });
      callback(Object.assign(new Error("5.7.8 Authentication credentials invalid"), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on("end", () => callback());
    },
  });
  server.on("error", () => {});
  return server;
}

export async function startDemoLab(options: DemoLabOptions): Promise<DemoLab> {
  const zoneServer = await startTestDnsServer(demoZone());
  const dns = await startSplitDns({
    local: { host: zoneServer.host, port: zoneServer.port },
    isLocal: isDemoName,
    upstreams: upstreamsFromEnvironment(options.upstreamDnsServers),
    port: options.dnsPort ?? 0,
  });
  const certificate = labCertificate(options.dataDir);
  const servers: SMTPServer[] = [];
  const listening: string[] = [];
  const failed: string[] = [];
  const bound: DemoLab["bound"] = [];
  for (const p of DEMO_LAB.ports) {
    if (!p.open) continue;
    const server = smtpListener(p.host, p.port, certificate);
    const port = await new Promise<number | undefined>((resolve) => {
      server.server.once("error", () => resolve(undefined));
      server.listen(options.anyPorts ? 0 : p.dialPort, DEMO_LAB_HOST, () => {
        const address = server.server.address();
        resolve(typeof address === "object" && address ? address.port : undefined);
      });
    });
    const label = `${p.host}:${p.port} → ${DEMO_LAB_HOST}:${port ?? p.dialPort}`;
    if (port !== undefined) {
      servers.push(server);
      listening.push(label);
      bound.push({ host: p.host, port: p.port, dialPort: port });
    } else failed.push(label);
  }
  return {
    dnsAddress: dns.address,
    listening,
    failed,
    bound,
    close: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      await dns.close();
      await zoneServer.close();
    },
  };
}
