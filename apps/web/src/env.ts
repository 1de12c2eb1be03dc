import { ZDnsEnv } from "@inboxwatch/services/env";
import { z } from "zod";

/** The web app's environment, validated at first use; see .env.example for each variable. */
const ZWebEnv = z.object({
  DATABASE_URL: z.string().url(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters (openssl rand -base64 32)"),
  APP_URL: z.string().url().default("http://127.0.0.1:3000"),
  INBOXWATCH_ENCRYPTION_KEYS: z.string().min(1),
  SMTP_URL: z.string().optional(),
  /** Requests per minute per API key on /api/v1. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
});

/** DNS_SERVERS / DNS_QUERY_TIMEOUT_MS belong to the services' platform resolver ("Probe now", IMAP tests, channel saves). */
const ZWebBootEnv = ZWebEnv.extend(ZDnsEnv.shape);

let parsed: z.infer<typeof ZWebBootEnv> | undefined;
export function env() {
  parsed ??= ZWebBootEnv.parse(process.env);
  return parsed;
}
