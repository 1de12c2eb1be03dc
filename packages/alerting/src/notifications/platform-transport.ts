/**
 * The HTTP transport channels post through in production: the pinned, egress-guarded transport of the
 * engine with the platform's one resolver (DNS_SERVERS) injected. The resolver is looked up per request,
 * so a changed DNS configuration (tests set DNS_SERVERS per file) is honoured by a transport made earlier.
 */
import { platformDns } from "@inboxwatch/services";

import { createPinnedHttpTransport, type HttpTransport, type PinnedHttpOptions } from "../engine/index.ts";

export function platformHttpTransport(options: Partial<PinnedHttpOptions> = {}): HttpTransport {
  return createPinnedHttpTransport({ ...options, lookupAll: options.lookupAll ?? ((host) => platformDns().lookupAll(host)) });
}
