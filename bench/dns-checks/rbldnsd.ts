/**
 * rbldnsd — the DNS server most DNSBLs publish their zones with (Debian package `rbldnsd`) — serving the
 * benchmark's blocklist zones on loopback, as a second server for (a): written in C, it answers a query
 * in a few microseconds, so what remains is the client's own cost. Optional: null when not installed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import dnsPacket from "dns-packet";

const RBLDNSD = "/usr/sbin/rbldnsd";
/** rbldnsd loads a few small zones in milliseconds; this bounds the wait for its first answer. */
const START_TIMEOUT_MS = 10_000;

export interface RunningRbldnsd {
  address: string;
  close(): Promise<void>;
}

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Resolves once the server answers a query for `probe`. */
async function waitForAnswer(port: number, probe: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  const socket = dgram.createSocket("udp4");
  try {
    while (Date.now() < deadline) {
      const answered = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 100);
        socket.once("message", () => {
          clearTimeout(timer);
          resolve(true);
        });
        socket.send(dnsPacket.encode({ type: "query", id: 1, questions: [{ type: "A", name: probe, class: "IN" }] }), port, "127.0.0.1");
      });
      if (answered) return;
    }
    throw new Error(`rbldnsd did not answer within ${START_TIMEOUT_MS} ms`);
  } finally {
    socket.close();
  }
}

/** Serves every zone with the same listings: 192.0.2.99 (127.0.0.2) and 192.0.2.100 (127.0.0.4), with TXT reasons. */
export async function startRbldnsd(zones: string[]): Promise<RunningRbldnsd | null> {
  if (!fs.existsSync(RBLDNSD) || zones.length === 0) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-rbldnsd-"));
  fs.writeFileSync(
    path.join(dir, "listings"),
    ":127.0.0.2:Listed, see https://lists.example.test/lookup?$\n192.0.2.99\n192.0.2.100 :127.0.0.4:Listed for spam\n",
    { mode: 0o644 },
  );
  // Started as root, rbldnsd drops to its own user before reading the zone data.
  fs.chmodSync(dir, 0o755);
  const port = await freeUdpPort();
  const child: ChildProcess = spawn(
    RBLDNSD,
    ["-n", "-a", "-b", `127.0.0.1/${port}`, "-w", dir, ...zones.map((z) => `${z}:ip4set:listings`)],
    { stdio: "ignore" },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // The benchmark going away must not leave the server behind.
  const stop = () => child.kill("SIGKILL");
  process.once("exit", stop);
  await waitForAnswer(port, `2.0.0.127.${zones[0] ?? ""}`);
  return {
    address: `127.0.0.1:${port}`,
    async close() {
      child.kill("SIGTERM");
      await exited;
      process.off("exit", stop);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
