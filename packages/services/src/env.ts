import { z } from "zod";

/**
 * The services' environment, validated once. Apps compose this with their own (apps/web/src/env.ts).
 * No other file in this package reads process.env, except the secret box's keyring.
 */
const ZServicesEnv = z.object({
  DATABASE_URL: z.string().url(),
  /** Public base URL of the web app, used in links sent by email. */
  APP_URL: z.string().url().default("http://127.0.0.1:3000"),
  /** SMTP transport for outgoing mail (smtp://user:pass@host:port or smtps://…). Unset: the dev outbox. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Inboxwatch <no-reply@inboxwatch.local>"),
  INBOXWATCH_ENCRYPTION_KEYS: z.string().min(1),
  /** Domain of the report intake addresses (dmarc+<token>@…): its MX is the worker's report SMTP server. */
  REPORT_INBOUND_DOMAIN: z.string().default("reports.inboxwatch.local"),
});
export type TServicesEnv = z.infer<typeof ZServicesEnv>;

let parsed: TServicesEnv | undefined;
export function servicesEnv(): TServicesEnv {
  parsed ??= ZServicesEnv.parse(process.env);
  return parsed;
}

export const ZDnsEnv = z.object({
  /** DNS upstreams for every lookup the platform makes, comma-separated host:port; empty = the system resolvers. */
  DNS_SERVERS: z.string().default(""),
  /** Per-query timeout, milliseconds (one retry follows a timeout). */
  DNS_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2_000),
});

/** The platform resolver's configuration (net/platform-dns.ts). Read on every call, not cached: tests point DNS_SERVERS at their own server. */
export function dnsEnv(): { servers: string[]; timeoutMs: number } {
  const env = ZDnsEnv.parse(process.env);
  return { servers: env.DNS_SERVERS.split(",").map((s) => s.trim()).filter(Boolean), timeoutMs: env.DNS_QUERY_TIMEOUT_MS };
}
