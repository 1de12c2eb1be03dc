import { composeEnv, dnsEnv as dnsPiece, mailEnv, publicUrlEnv, reportIntakeEnv, reportPdfEnv } from "@inboxwatch/env";

/**
 * The variables the services read, from the shared pieces (@inboxwatch/env). The apps validate them at
 * boot with everything else (apps/*\/src/env.ts); here they are read where used, re-parsed only when a
 * variable changed (tests set them per file).
 */
const services = composeEnv("services", [publicUrlEnv, mailEnv, reportIntakeEnv, reportPdfEnv], { module: "packages/services/src/env.ts" });
export type TServicesEnv = ReturnType<typeof services.read>;

export function servicesEnv(): TServicesEnv {
  return services.read();
}

/** The platform resolver's configuration (net/platform-dns.ts). */
export function dnsEnv(): { servers: string[]; timeoutMs: number } {
  const env = dnsPiece.read();
  return {
    servers: env.DNS_SERVERS.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    timeoutMs: env.DNS_QUERY_TIMEOUT_MS,
  };
}
