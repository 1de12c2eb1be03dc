/**
 * The HTTP client channels post through. Channels receive it injected (`HttpTransport`); production uses
 * `createPinnedHttpTransport` (through `platformHttpTransport`, which injects the platform resolver:
 * notifications/platform-transport.ts), which resolves the user-supplied host once with the egress guard and
 * connects to the checked address only (node:http/https with `lookup` answering the pinned address), so a
 * DNS answer that changes between check and connect cannot reach the private network. TLS still verifies
 * the certificate against the URL's host name.
 */
import http from "node:http";
import https from "node:https";
import net, { type LookupFunction } from "node:net";

import { type EgressPolicy, type LookupAll, parseIpLiteral, policyFromEnv, resolveAllowedAddresses } from "@inboxwatch/deliverability/net";

/** Response bytes kept: enough for an error message in the delivery log, never a whole page. */
export const HTTP_RESPONSE_MAX_BYTES = 16 * 1024;

export interface HttpRequest {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
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
  /** A/AAAA lookups through the caller's resolver (the platform's: `platformHttpTransport`). */
  lookupAll: LookupAll;
  /** Extra trusted CA certificates (tests, self-hosted receivers with a private CA). */
  ca?: string | Buffer;
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
    return await exchange(url, host, address, request, options.ca, elapsed);
  };
}

function exchange(
  url: URL,
  host: string,
  address: string,
  request: HttpRequest,
  ca: PinnedHttpOptions["ca"],
  elapsed: () => number,
): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    // Armed before the request exists; its callback runs later, when `req` is initialised.
    const timer = setTimeout(() => {
      settle({ kind: "timeout", message: `no complete response within ${request.timeoutMs} ms`, durationMs: elapsed() });
      req.destroy();
    }, request.timeoutMs);
    const settle = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const isTls = url.protocol === "https:";
    const requestOptions: https.RequestOptions = {
      method: request.method,
      // An IP literal is dialled as the checked address itself (its canonical form); a name is looked up
      // by Node through pinnedLookup, which answers the checked address, while Host and TLS SNI/verification
      // keep the real name.
      host: parseIpLiteral(host) ? address : host,
      port: url.port || (isTls ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
      lookup: pinnedLookup(address),
      agent: false,
      ...(isTls && ca !== undefined ? { ca } : {}),
    };
    const req = (isTls ? https : http).request(requestOptions, (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on("data", (chunk: Buffer) => {
        if (kept < HTTP_RESPONSE_MAX_BYTES) {
          chunks.push(chunk.subarray(0, HTTP_RESPONSE_MAX_BYTES - kept));
          kept += chunk.length;
        }
      });
      res.on("end", () =>
        settle({
          kind: "response",
          status: res.statusCode ?? 0,
          headers: flattenHeaders(res.headers),
          body: Buffer.concat(chunks).toString("utf8"),
          durationMs: elapsed(),
        }),
      );
      res.on("error", (err) => settle({ kind: "network_error", message: err.message, durationMs: elapsed() }));
    });
    req.on("error", (err: NodeJS.ErrnoException) =>
      settle({ kind: "network_error", message: `${err.code ?? "error"}: ${err.message}`, durationMs: elapsed() }),
    );
    req.end(request.body);
  });
}
