import { z } from "zod";

import { definePiece } from "./define.ts";
import { flag, port, switch01 } from "./values.ts";

/**
 * Every variable the platform reads, in pieces by concern. Apps compose them (apps/<app>/src/env.ts);
 * packages read the piece they own (`databaseEnv.read()`). docs/configuration.md is generated from these
 * descriptions (`npm run docs:env`), and a test fails when it drifts.
 */

export const databaseEnv = definePiece("Database", {
  DATABASE_URL: z
    .string()
    .url()
    .describe("PostgreSQL connection string. `npm start` sets it to its embedded PostgreSQL (in `.data/pg`) when unset."),
});

export const secretsEnv = definePiece("Stored-credential encryption", {
  INBOXWATCH_ENCRYPTION_KEYS: z
    .string()
    .describe(
      "Keys for stored credentials (AES-256-GCM): `<version>:<base64 of 32 bytes>`, comma-separated. The highest version encrypts, all decrypt; rotate by appending a version. `npm start` generates one into `.data/secrets.json`.",
    ),
});

export const authEnv = definePiece("Sign-in", {
  AUTH_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (openssl rand -base64 32)")
    .describe(
      "next-auth session signing secret, at least 32 characters (`openssl rand -base64 32`). `npm start` generates one into `.data/secrets.json`.",
    ),
  AUTH_URL: z
    .string()
    .url()
    .optional()
    .describe("The web app's URL as next-auth sees it (read by next-auth). `npm start` sets it to APP_URL."),
});

export const oauthEnv = definePiece("OAuth sign-in", {
  AUTH_GITHUB_ID: z.string().optional().describe("GitHub OAuth app id; GitHub sign-in appears when id and secret are both set."),
  AUTH_GITHUB_SECRET: z.string().optional().describe("GitHub OAuth app secret."),
  AUTH_GOOGLE_ID: z.string().optional().describe("Google OAuth client id; Google sign-in appears when id and secret are both set."),
  AUTH_GOOGLE_SECRET: z.string().optional().describe("Google OAuth client secret."),
});

export const publicUrlEnv = definePiece("Public URL", {
  APP_URL: z
    .string()
    .url()
    .default("http://127.0.0.1:3000")
    .describe("Public URL of the web app, used in links sent by email and in the OpenAPI document."),
});

export const mailEnv = definePiece("Outgoing mail", {
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional()
    .describe(
      "Outgoing mail (sign-in links, invitations, notifications): `smtp://user:pass@host:587` or `smtps://…:465`. Unset: mail goes to the server log and the development outbox at /dev/outbox.",
    ),
  MAIL_FROM: z.string().default("Inboxwatch <no-reply@inboxwatch.local>").describe("Sender of outgoing mail."),
});

export const reportIntakeEnv = definePiece("Report intake address", {
  REPORT_INBOUND_DOMAIN: z
    .string()
    .default("reports.inboxwatch.local")
    .describe(
      "Domain of the report intake addresses (`dmarc+<token>@…`) and of the DMARC external-destination record; its MX is the worker's report SMTP server.",
    ),
  REPORT_BOUNCE_TRACKING: flag().describe(
    "Send scheduled reports with the return path `report-bounce+<delivery>@REPORT_INBOUND_DOMAIN`, so a bounce that arrives later marks that recipient bounced. Needs the report SMTP server as that domain's MX and an SMTP relay that accepts this envelope sender.",
  ),
});

export const analyticsImportEnv = definePiece("Analytics imports", {
  INBOXWATCH_IMPORT_DIR: z
    .string()
    .optional()
    .describe(
      "Folder where an uploaded metadata or conversion CSV waits for the worker (deleted once imported or failed); the web app and the worker must see the same folder. Unset: `inboxwatch-imports` in the system's temporary folder.",
    ),
  ANALYTICS_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(200 * 1024 * 1024)
    .describe("Largest metadata or conversion CSV upload, in bytes (413 above; the upload is streamed to disk, never held in memory)."),
});

export const dnsEnv = definePiece("DNS", {
  DNS_SERVERS: z
    .string()
    .default("")
    .describe(
      "Upstreams of the one resolver every lookup goes through, comma-separated `host:port`; empty = the system's. Use your own recursive resolver: many blocklists refuse public ones.",
    ),
  DNS_QUERY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(30_000)
    .default(2_000)
    .describe("Per-query timeout in milliseconds (one retry follows a timeout)."),
});

export const reportPdfEnv = definePiece("Report PDFs", {
  CHROMIUM_PATH: z
    .string()
    .default("/usr/bin/chromium")
    .describe(
      "Chromium binary that prints report PDFs (the worker's builds, `report-render?format=pdf`); Debian's package puts it at the default. Playwright's e2e tests read it too.",
    ),
});

export const egressEnv = definePiece("Egress guard", {
  EGRESS_ALLOW: z
    .string()
    .optional()
    .describe(
      "Private or loopback ranges that probes, webhooks and IMAP may reach anyway, comma-separated CIDRs (e.g. `127.0.0.0/8` for tests and self-hosting). Leave unset for a public service.",
    ),
});

export const httpEnv = definePiece("Web server", {
  PORT: port(3000).describe("Port of the web server (`npm start` and apps/web/server.ts; `-p` wins)."),
  HOST: z.string().default("127.0.0.1").describe("Listen address of the web server; `0.0.0.0` to serve other machines (`-H` wins)."),
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .describe(
      "Proxies whose X-Forwarded-For is believed, comma-separated addresses or CIDRs (your load balancer). Unset: the client address is the socket peer.",
    ),
});

export const apiEnv = definePiece("REST API", {
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600).describe("Requests per minute per API key on /api/v1."),
});

export const workerEnv = definePiece("Worker", {
  WORKER_HEALTH_PORT: port(3001).describe("Port of the worker's health endpoint (GET /health); 0 picks a free one."),
  WORKER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(4)
    .describe("Jobs of one queue worked at once by one worker process."),
});

export const metricsEnv = definePiece("Operator metrics", {
  METRICS_TOKEN: z
    .string()
    .min(16, "must be at least 16 characters (openssl rand -hex 32)")
    .optional()
    .describe(
      "Bearer token of the Prometheus endpoints `GET /metrics` on the web app and on the worker's health port (`Authorization: Bearer …`). Unset: both answer 404.",
    ),
});

export const reportSmtpEnv = definePiece("Report SMTP server", {
  REPORT_SMTP_ENABLED: flag().describe(
    "`true` starts the worker's inbound SMTP server for report mail (DMARC rua/ruf, TLS-RPT, feedback loops, bounces).",
  ),
  REPORT_SMTP_HOST: z
    .string()
    .default("127.0.0.1")
    .describe("Its listen address; `0.0.0.0` to receive from the internet (the MX of REPORT_INBOUND_DOMAIN)."),
  REPORT_SMTP_PORT: port(2525).describe("Its port (listen on 25, or forward 25 to it)."),
  REPORT_SMTP_TLS_KEY_FILE: z.string().optional().describe("PEM private key; STARTTLS is offered when key and certificate are both set."),
  REPORT_SMTP_TLS_CERT_FILE: z.string().optional().describe("PEM certificate chain for STARTTLS."),
  REPORT_SMTP_MAX_CLIENTS: z.coerce.number().int().min(1).max(10_000).default(100).describe("Concurrent SMTP connections accepted."),
});

export const syslogEnv = definePiece("Syslog receiver", {
  SYSLOG_PORT: port(0).describe(
    "Port of the worker's syslog receiver for MTA logs (TCP and UDP, RFC 5424 and 3164); 0 = off. See infra/log-shipping/.",
  ),
  SYSLOG_HOST: z.string().default("127.0.0.1").describe("Its listen address; `0.0.0.0` to receive from other hosts."),
});

export const cliEnv = definePiece("Command line", {
  INBOXWATCH_API_URL: z.string().url().default("http://127.0.0.1:3000").describe("Server that `inboxwatch api` talks to."),
  INBOXWATCH_API_KEY: z.string().optional().describe("API key for `inboxwatch api` (Settings → API keys)."),
  INBOXWATCH_DNS_SERVERS: z
    .string()
    .optional()
    .describe("DNS upstreams of `inboxwatch check`, comma-separated `host:port` (`--dns-server` wins); unset = the system's."),
  // Read by the bin shim itself (apps/cli/bin/inboxwatch.mjs) before any bundle is chosen; listed here for the docs.
  INBOXWATCH_CLI_FROM_SOURCE: z
    .enum(["0", "1"])
    .optional()
    .describe("`1` runs the CLI from its TypeScript sources (tsx) instead of the bundle in apps/cli/dist."),
});

export const startEnv = definePiece("`npm start`", {
  INBOXWATCH_DATA_DIR: z.string().default(".data").describe("Folder of the embedded PostgreSQL, generated secrets and logs."),
  INBOXWATCH_FRESH: switch01().describe("`1` deletes the data folder first: an empty database each start (the e2e suite)."),
  INBOXWATCH_SKIP_BUILD: switch01().describe("`1` trusts an existing web build instead of asking Turborepo."),
  INBOXWATCH_PG_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .optional()
    .describe("Port of the embedded PostgreSQL; 0 = any free one. Unset: 55432, or any free port when that one is taken."),
  INBOXWATCH_DEMO_LAB: z
    .enum(["0", "1"])
    .optional()
    .describe(
      "The demo lab (the demo's DNS and SMTP servers on 127.0.0.1, scripts/demo-lab): `1` always, `0` never. Unset: with the embedded PostgreSQL only.",
    ),
});
