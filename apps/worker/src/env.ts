import { ZDnsEnv } from "@inboxwatch/services/env";
import { z } from "zod";

const ZWorkerEnv = z.object({
  DATABASE_URL: z.string().url(),
  INBOXWATCH_ENCRYPTION_KEYS: z.string().min(1),
  /** Port of the worker's health endpoint (GET /health); 0 picks a free one. */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Jobs of one queue worked at once by this process. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  /** Inbound SMTP for report mail (dmarc+<token>@…, tlsrpt+, fbl+, bounces+): off unless "true". */
  REPORT_SMTP_ENABLED: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  /** Listen address; 0.0.0.0 to receive from the internet (the MX of your inbound report domain). */
  REPORT_SMTP_HOST: z.string().default("127.0.0.1"),
  REPORT_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  /** PEM files; STARTTLS is offered only when both are set. */
  REPORT_SMTP_TLS_KEY_FILE: z.string().optional(),
  REPORT_SMTP_TLS_CERT_FILE: z.string().optional(),
  /** Concurrent SMTP connections accepted. */
  REPORT_SMTP_MAX_CLIENTS: z.coerce.number().int().min(1).max(10_000).default(100),
  /** Syslog receiver for MTA logs (TCP and UDP on the same port); 0 = off. */
  SYSLOG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Listen address of the syslog receiver; 0.0.0.0 to receive from other hosts. */
  SYSLOG_HOST: z.string().default("127.0.0.1"),
});

/** DNS_SERVERS and DNS_QUERY_TIMEOUT_MS are the services' (net/platform-dns.ts); validated here at boot too. */
const ZWorkerBootEnv = ZWorkerEnv.extend(ZDnsEnv.shape);

export function workerEnv() {
  return ZWorkerBootEnv.parse(process.env);
}
