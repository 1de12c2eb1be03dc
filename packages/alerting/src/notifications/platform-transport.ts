/**
 * The HTTP transport channels post through in production: the pinned, egress-guarded transport of
 * deliverability/net (the one implementation, shared with MTA-STS fetches) with the platform's one
 * resolver (DNS_SERVERS) injected. The resolver is looked up per request,
 * so a changed DNS configuration (tests set DNS_SERVERS per file) is honoured by a transport made earlier.
 */
import { createPinnedHttpTransport, type HttpTransport, type PinnedHttpOptions } from "@inboxwatch/deliverability/net";
import { platformDns } from "@inboxwatch/services";

export function platformHttpTransport(options: Partial<PinnedHttpOptions> = {}): HttpTransport {
  return createPinnedHttpTransport({ ...options, lookupAll: options.lookupAll ?? ((host) => platformDns().lookupAll(host)) });
}
