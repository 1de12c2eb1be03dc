import { parseAllowlist, parseTrustedProxies } from "@inboxwatch/deliverability/net";
import {
  analyticsImportEnv,
  apiEnv,
  authEnv,
  composeEnv,
  databaseEnv,
  dnsEnv,
  egressEnv,
  httpEnv,
  mailEnv,
  metricsEnv,
  oauthEnv,
  publicUrlEnv,
  reportIntakeEnv,
  reportPdfEnv,
  secretsEnv,
} from "@inboxwatch/env";
import { parseKeyring } from "@inboxwatch/services";

/**
 * The web app's environment (server.ts at boot, then per request): every variable of every piece the web
 * process or the services it calls read, validated together. docs/configuration.md lists them.
 */
export const webEnv = composeEnv(
  "web",
  [
    databaseEnv,
    secretsEnv,
    authEnv,
    oauthEnv,
    publicUrlEnv,
    mailEnv,
    reportIntakeEnv,
    reportPdfEnv,
    dnsEnv,
    egressEnv,
    httpEnv,
    apiEnv,
    analyticsImportEnv,
    metricsEnv,
  ],
  {
    module: "apps/web/src/env.ts",
    checks: { EGRESS_ALLOW: parseAllowlist, TRUSTED_PROXIES: parseTrustedProxies, INBOXWATCH_ENCRYPTION_KEYS: parseKeyring },
  },
);

export function env() {
  return webEnv.read();
}
