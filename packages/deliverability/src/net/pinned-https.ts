/**
 * HTTPS GET through the egress guard: the host is resolved once, the address checked, and the TLS
 * connection made to that pinned address with SNI and certificate checks for the host name. No
 * redirects, a byte cap and a deadline, so a hostile server can neither steer nor stall us.
 */
import https from "node:https";

import { type EgressPolicy, type LookupAll, policyFromEnv, resolveAllowedAddresses } from "./egress-guard.ts";
import { parseIpLiteral } from "./ip-literal.ts";

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
    return new Promise<HttpsFetchResult>((resolve) => {
      let settled = false;
      const finish = (r: HttpsFetchResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        resolve(r);
      };
      const req = https.request({
        host: address,
        port: options.portOverride ?? (url.port ? Number(url.port) : 443),
        path: `${url.pathname}${url.search}`,
        method: "GET",
        // SNI carries names only (RFC 6066 §3); an IP literal host is verified against the certificate's IP SANs.
        ...(parseIpLiteral(host) ? {} : { servername: host }),
        headers: { host: url.host, accept: "text/plain", "user-agent": "inboxwatch" },
        agent: false,
        ...(options.ca ? { ca: options.ca } : {}),
      });
      const timer = setTimeout(
        () => finish({ ok: false, kind: "timeout", message: `no complete answer from ${host} within ${timeoutMs} ms` }),
        timeoutMs,
      );
      req.on("error", (err) => finish({ ok: false, kind: "network", message: err.message }));
      req.on("response", (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400)
          return finish({ ok: false, kind: "redirect", message: `HTTP ${status} redirect to ${res.headers.location ?? "?"} refused` });
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) return finish({ ok: false, kind: "too_large", message: `body larger than ${maxBytes} bytes` });
          chunks.push(chunk);
        });
        res.on("end", () =>
          finish({
            ok: true,
            status,
            contentType: String(res.headers["content-type"] ?? ""),
            body: Buffer.concat(chunks).toString("utf8"),
            address,
          }),
        );
        res.on("error", (err) => finish({ ok: false, kind: "network", message: err.message }));
      });
      req.end();
    });
  };
}
