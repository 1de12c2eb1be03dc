/**
 * The one place that decides a request's client address (issue 20, finding 2). Next.js gives route
 * handlers and server actions no socket, and passes a client's own X-Forwarded-For through unchanged, so
 * the web server resolves the address from the socket peer and TRUSTED_PROXIES here and hands it on in
 * CLIENT_IP_HEADER, overwriting any value a client sent under that name.
 */
import { type IncomingMessage, type ServerResponse } from "node:http";

import { type Cidr, CLIENT_IP_HEADER, resolveClientIp } from "@inboxwatch/deliverability/net";

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;

export function withClientIp(trusted: Cidr[], handle: RequestListener): RequestListener {
  return (req, res) => {
    const ip = resolveClientIp({ peer: req.socket.remoteAddress, forwardedFor: req.headers["x-forwarded-for"], trusted });
    if (ip) req.headers[CLIENT_IP_HEADER] = ip;
    else delete req.headers[CLIENT_IP_HEADER];
    return handle(req, res);
  };
}
