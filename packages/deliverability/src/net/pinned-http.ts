/**
 * HTTP(S) to a user-supplied URL through the egress guard, the one implementation behind every outbound
 * request the platform makes to a host someone typed: alert channels' webhooks (`createPinnedHttpTransport`)
 * and MTA-STS policy fetches (`createPinnedHttpsFetcher`, pinned-https.ts). The host is resolved once, every
 * address checked, and the connection made to the checked address only (node:http/https with a `lookup`
 * answering the pinned address), so a DNS answer that changes between check and connect cannot reach the
 * private network. Host header, TLS SNI and certificate verification keep the URL's host name. No
 * redirects are followed, the response is bounded in bytes and the exchange in time.
 */
import http from "node:http";
import https from "node:https";
import net, { type LookupFunction } from "node:net";

import { type EgressPolicy, type LookupAll, policyFromEnv, resolveAllowedAddresses } from "./egress-guard.ts";
import { parseIpLiteral } from "./ip-literal.ts";

/** Response bytes a channel keeps: enough for an error message in the delivery log, never a whole page. */
export const HTTP_RESPONSE_MAX_BYTES = 16 * 1024;

export interface HttpRequest {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  /** Deadline for the whole exchange: connect, send, response headers and body. */
  timeoutMs: number;
}

export type HttpOutcome =
  | { kind: "response"; status: number; headers: Record<string, string>; body: string; durationMs: number }
  | { kind: "timeout"; message: string; durationMs: number }
  | { kind: "network_error"; message: string; durationMs: number }
  | { kind: "blocked"; message: string; durationMs: number }
  | { kind: "invalid_request"; message: string; durationMs: number };

export type HttpTransport = (request: HttpRequest) => Promise<HttpOutcome>;

export interface PinnedHttpOptions {
  policy?: EgressPolicy;
  /** A/AAAA lookups through the caller's resolver (the platform's in production). */
  lookupAll: LookupAll;
  /** Extra trusted CA certificates (tests, self-hosted receivers with a private CA). */
  ca?: string | Buffer;
  /** Response bytes kept (default HTTP_RESPONSE_MAX_BYTES); the rest is read and dropped. */
  maxResponseBytes?: number;
}

/** One exchange with an already-checked address, before any caller's wording is applied. */
export type PinnedExchangeResult =
  | { kind: "response"; status: number; headers: Record<string, string>; body: string }
  | { kind: "redirect"; status: number; location: string | undefined }
  | { kind: "too_large" }
  | { kind: "timeout" }
  | { kind: "error"; error: NodeJS.ErrnoException };

export interface PinnedExchange {
  url: URL;
  /** The URL's host without IPv6 brackets: sent as Host, SNI and the certificate's expected name. */
  host: string;
  /** The checked address to connect to. */
  address: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  ca?: string | Buffer;
  /** Tests only: the port to connect to instead of the URL's. */
  portOverride?: number;
  maxBytes: number;
  /** "truncate": keep `maxBytes` and read on; "fail": stop with too_large as soon as the body is larger. */
  oversize: "truncate" | "fail";
  /** "refuse": a 3xx answer ends the exchange as a redirect; "return": it is a response like any other. */
  redirects: "refuse" | "return";
}

function flattenHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  return out;
}

/** A `lookup` that answers every query with the already-checked address (both callback shapes). */
function pinnedLookup(address: string): LookupFunction {
  const family = net.isIPv6(address) ? 6 : 4;
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/** Sends one request to the pinned address; never throws, every failure is a result. */
export function pinnedExchange(x: PinnedExchange): Promise<PinnedExchangeResult> {
  return new Promise((resolve) => {
    let settled = false;
    // Armed before the request exists; its callback runs later, when `req` is initialised.
    const timer = setTimeout(() => settle({ kind: "timeout" }), x.timeoutMs);
    const settle = (result: PinnedExchangeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (result.kind !== "response") req.destroy();
      resolve(result);
    };
    const isTls = x.url.protocol === "https:";
    const body = x.body ?? "";
    const requestOptions: https.RequestOptions = {
      method: x.method,
      // An IP literal is dialled as the checked address itself (its canonical form); a name is looked up
      // by Node through pinnedLookup, which answers the checked address, while Host and TLS SNI/verification
      // keep the real name.
      host: parseIpLiteral(x.host) ? x.address : x.host,
      port: x.portOverride ?? (x.url.port || (isTls ? 443 : 80)),
      path: `${x.url.pathname}${x.url.search}`,
      headers: x.method === "POST" ? { ...x.headers, "content-length": String(Buffer.byteLength(body)) } : x.headers,
      lookup: pinnedLookup(x.address),
      agent: false,
      ...(isTls && x.ca !== undefined ? { ca: x.ca } : {}),
    };
    const req = (isTls ? https : http).request(requestOptions, (res) => {
      const status = res.statusCode ?? 0;
      if (x.redirects === "refuse" && status >= 300 && status < 400) {
        settle({ kind: "redirect", status, location: res.headers.location });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        if (x.oversize === "fail" && size + chunk.length > x.maxBytes) return settle({ kind: "too_large" });
        if (size < x.maxBytes) chunks.push(chunk.subarray(0, x.maxBytes - size));
        size += chunk.length;
      });
      res.on("end", () =>
        settle({ kind: "response", status, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", (error) => settle({ kind: "error", error }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => settle({ kind: "error", error }));
    req.end(x.method === "POST" ? body : undefined);
  });
}

/** The transport alert channels post through: http and https, the response kept up to `maxResponseBytes`. */
export function createPinnedHttpTransport(options: PinnedHttpOptions): HttpTransport {
  const policy = options.policy ?? policyFromEnv();
  return async (request) => {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return { kind: "invalid_request", message: "not a valid URL", durationMs: 0 };
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      return { kind: "invalid_request", message: `unsupported scheme ${url.protocol}`, durationMs: 0 };
    if (url.username || url.password) return { kind: "invalid_request", message: "credentials in the URL are not allowed", durationMs: 0 };

    const host = url.hostname.replace(/^\[|\]$/g, "");
    const resolved = await resolveAllowedAddresses(host, policy, options.lookupAll);
    if (!resolved.ok) {
      // A refused address is permanent; a failed resolution may pass (retryable).
      return resolved.kind === "blocked_by_policy"
        ? { kind: "blocked", message: resolved.message, durationMs: elapsed() }
        : { kind: "network_error", message: resolved.message, durationMs: elapsed() };
    }
    const [address] = resolved.addresses;
    if (address === undefined) return { kind: "blocked", message: `no allowed address for ${host}`, durationMs: elapsed() };
    const result = await pinnedExchange({
      url,
      host,
      address,
      method: request.method,
      headers: request.headers,
      body: request.body,
      timeoutMs: request.timeoutMs,
      ca: options.ca,
      maxBytes: options.maxResponseBytes ?? HTTP_RESPONSE_MAX_BYTES,
      oversize: "truncate",
      redirects: "return",
    });
    switch (result.kind) {
      case "response":
        return { ...result, durationMs: elapsed() };
      case "timeout":
        return { kind: "timeout", message: `no complete response within ${request.timeoutMs} ms`, durationMs: elapsed() };
      case "error":
        return { kind: "network_error", message: `${result.error.code ?? "error"}: ${result.error.message}`, durationMs: elapsed() };
      default:
        // Not asked for here (redirects are returned, oversize is truncated).
        return { kind: "network_error", message: `unexpected ${result.kind}`, durationMs: elapsed() };
    }
  };
}
