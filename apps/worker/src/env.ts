import { parseAllowlist } from "@inboxwatch/deliverability/net";
import {
  composeEnv,
  databaseEnv,
  dnsEnv,
  egressEnv,
  mailEnv,
  metricsEnv,
  publicUrlEnv,
  reportIntakeEnv,
  reportPdfEnv,
  reportSmtpEnv,
  secretsEnv,
  syslogEnv,
  workerEnv as workerPiece,
} from "@inboxwatch/env";
import { parseKeyring } from "@inboxwatch/services";

/** The worker's environment, validated at boot (main.ts): its own pieces and those of the services its jobs call. */
export const workerBootEnv = composeEnv(
  "worker",
  [
    databaseEnv,
    secretsEnv,
    publicUrlEnv,
    mailEnv,
    reportIntakeEnv,
    reportPdfEnv,
    dnsEnv,
    egressEnv,
    workerPiece,
    reportSmtpEnv,
    syslogEnv,
    metricsEnv,
  ],
  { module: "apps/worker/src/env.ts", checks: { EGRESS_ALLOW: parseAllowlist, INBOXWATCH_ENCRYPTION_KEYS: parseKeyring } },
);

export function workerEnv() {
  return workerBootEnv.read();
}
