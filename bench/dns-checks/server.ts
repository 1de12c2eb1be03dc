/**
 * The loopback DNS server in its own process (forked by index.ts), so the time it spends decoding and
 * answering is not charged to the client being measured. IPC: parent → { delayMs } | "count" | "close";
 * child → { address } once listening, { ok } after a zone change, { count }.
 */
import { startTestDnsServer } from "../../packages/deliverability/src/dns/testing/index.ts";
import { benchZone } from "./zone.ts";

type Command = { delayMs: number } | "count" | "close";

const zone = benchZone();
const server = await startTestDnsServer(zone);
const send = (msg: unknown) => process.send?.(msg);
process.on("message", (cmd: Command) => {
  if (cmd === "count") send({ count: server.queryCount });
  else if (cmd === "close") void server.close().then(() => process.exit(0));
  else {
    server.setZone(zone, { delayMs: cmd.delayMs });
    send({ ok: true });
  }
});
// The parent going away (Ctrl-C, crash) must not leave this process behind.
process.on("disconnect", () => void server.close().then(() => process.exit(0)));
send({ address: server.address });
