/**
 * The benchmark's peer: smtp-server with STARTTLS and a self-signed certificate, in its own process(es)
 * so its CPU is not charged to the prober. Started by index.ts through fork(); with SERVER_WORKERS > 1
 * it uses node:cluster so several processes accept on one port. Reports its port, then its CPU time
 * when asked, over IPC.
 */
import cluster from "node:cluster";

import { SMTPServer } from "smtp-server";

const workers = Number(process.env.SERVER_WORKERS ?? "1");
const key = process.env.BENCH_KEY ?? "";
const cert = process.env.BENCH_CERT ?? "";

if (cluster.isPrimary && workers > 1) {
  let ready = 0;
  let usage: NodeJS.CpuUsage[] = [];
  for (let i = 0; i < workers; i += 1) {
    const worker = cluster.fork();
    worker.on("message", (msg: { port?: number; cpu?: NodeJS.CpuUsage }) => {
      if (msg.port !== undefined && (ready += 1) === workers) process.send?.({ port: msg.port });
      if (msg.cpu) {
        usage.push(msg.cpu);
        if (usage.length === workers)
          process.send?.({ cpu: usage.reduce((a, b) => ({ user: a.user + b.user, system: a.system + b.system })) });
      }
    });
  }
  process.on("message", (msg: { cpu?: boolean }) => {
    if (!msg.cpu) return;
    usage = [];
    for (const w of Object.values(cluster.workers ?? {})) w?.send({ cpu: true });
  });
  process.on("disconnect", () => process.exit(0));
} else {
  const server = new SMTPServer({
    name: "bench.example",
    key,
    cert,
    logger: false,
    disableReverseLookup: true,
    authOptional: true,
    maxClients: 1_000,
  });
  server.on("error", () => {});
  // cluster gives every worker the same port for listen(0).
  server.listen(0, "127.0.0.1", () => {
    const address = server.server.address();
    process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
  });
  process.on("message", (msg: { cpu?: boolean }) => {
    if (msg.cpu) process.send?.({ cpu: process.cpuUsage() });
  });
  process.on("disconnect", () => process.exit(0));
}
