/**
 * HTTPS GET through the egress guard (MTA-STS policies): the exchange of pinned-http.ts with a refused
 * redirect, a byte cap that fails rather than truncates, and a deadline, so a hostile server can neither
 * steer nor stall us.
 */
import { type EgressPolicy, type LookupAll, policyFromEnv, resolveAllowedAddresses } from "./egress-guard.ts";
import { pinnedExchange } from "./pinned-http.ts";

/** RFC 8461 §3.3 suggests a short deadline for policy fetches. */
export const PINNED_HTTPS_TIMEOUT_MS = 10_000;
/** RFC 8461 §3.3: policy bodies are small; 64 KiB is the limit senders apply. */
export const PINNED_HTTPS_MAX_BYTES = 64 * 1024;

export type HttpsFetchResult =
  | { ok: true; status: number; contentType: string; body: string; address: string }
  | { ok: false; kind: "blocked_by_policy" | "dns_failed" | "network" | "timeout" | "too_large" | "redirect"; message: string };

export type HttpsFetcher = (url: string) => Promise<HttpsFetchResult>;

export interface PinnedHttpsOptions {
  policy?: EgressPolicy;
  /** A/AAAA lookups through the caller's resolver (lookupAllVia(resolver)). */
  lookupAll: LookupAll;
  timeoutMs?: number;
  maxBytes?: number;
  /** Tests only: trust this CA (PEM) for the self-signed test server. */
  ca?: string | Buffer;
  /** Tests only: the port to connect to instead of the URL's. */
  portOverride?: number;
}

export function createPinnedHttpsFetcher(options: PinnedHttpsOptions): HttpsFetcher {
  const policy = options.policy ?? policyFromEnv();
  const timeoutMs = options.timeoutMs ?? PINNED_HTTPS_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? PINNED_HTTPS_MAX_BYTES;
  return async (rawUrl) => {
    const url = new URL(rawUrl);
    if (url.protocol !== "https:") return { ok: false, kind: "network", message: `${rawUrl} is not https` };
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const resolved = await resolveAllowedAddresses(host, policy, options.lookupAll);
    if (!resolved.ok) return { ok: false, kind: resolved.kind, message: resolved.message };
    const address = resolved.addresses[0] as string;
    const result = await pinnedExchange({
      url,
      host,
      address,
      method: "GET",
      headers: { host: url.host, accept: "text/plain", "user-agent": "inboxwatch" },
      timeoutMs,
      ca: options.ca,
      portOverride: options.portOverride,
      maxBytes,
      oversize: "fail",
      redirects: "refuse",
    });
    switch (result.kind) {
      case "response":
        return { ok: true, status: result.status, contentType: result.headers["content-type"] ?? "", body: result.body, address };
      case "redirect":
        return { ok: false, kind: "redirect", message: `HTTP ${result.status} redirect to ${result.location ?? "?"} refused` };
      case "too_large":
        return { ok: false, kind: "too_large", message: `body larger than ${maxBytes} bytes` };
      case "timeout":
        return { ok: false, kind: "timeout", message: `no complete answer from ${host} within ${timeoutMs} ms` };
      case "error":
        return { ok: false, kind: "network", message: result.error.message };
    }
  };
}
