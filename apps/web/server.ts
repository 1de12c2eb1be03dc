/**
 * The production web server: Next.js behind a plain Node HTTP server, so that each request's client
 * address is decided from the socket and TRUSTED_PROXIES (src/server/with-client-ip.ts) before the app
 * sees it. `next start` cannot do this: it hides the socket and trusts any X-Forwarded-For.
 *
 *   node --import tsx apps/web/server.ts -p 3000 -H 127.0.0.1
 */
import http from "node:http";
import path from "node:path";

import next from "next";

import { parseTrustedProxies } from "@inboxwatch/deliverability/net";
import { readAtBoot } from "@inboxwatch/env";

import { env } from "./src/env.ts";
import { withClientIp } from "./src/server/with-client-ip.ts";

function arg(flag: string, fallback: string): string {
  const i = process.argv.indexOf(flag);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

// The whole web environment is checked before anything listens (every bad variable named at once): a typo
// in TRUSTED_PROXIES, for one, would silently trust nobody, or everybody.
const config = readAtBoot(env);
const port = Number(arg("-p", String(config.PORT)));
const hostname = arg("-H", config.HOST);
const trusted = parseTrustedProxies(config.TRUSTED_PROXIES);

const app = next({ dev: false, dir: path.resolve(import.meta.dirname), hostname, port });
await app.prepare();
const server = http.createServer(withClientIp(trusted, app.getRequestHandler()));
server.listen(port, hostname, () => console.log(`[web] listening on http://${hostname}:${port}`));

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
