/**
 * Socket dialer that only connects to IP addresses, never names: the caller resolves and checks the
 * address with the egress guard first, and the connection goes to exactly that address (pinned), so a
 * DNS answer that changes between check and connect cannot redirect it. Injected into probes so tests
 * can record or refuse dials.
 */
import net from "node:net";
import tls from "node:tls";

export interface SocketDialer {
  /** Starts a TCP connection to an IP literal; the returned socket emits "connect" or "error". */
  connect(options: { address: string; port: number }): net.Socket;
  /** Wraps a connected socket in a TLS client (STARTTLS or implicit TLS); emits "secureConnect" or "error". */
  upgradeTls(socket: net.Socket, options: tls.ConnectionOptions): tls.TLSSocket;
}

export class UnpinnedAddressError extends Error {}

export const pinnedDialer: SocketDialer = {
  connect({ address, port }) {
    const bare = address.replace(/^\[|\]$/g, "");
    // A name here would be resolved again by the OS, bypassing the check made on the pinned address.
    if (!net.isIP(bare)) throw new UnpinnedAddressError(`pinned dialer needs an IP address, got "${address}"`);
    return net.connect({ host: bare, port, noDelay: true });
  },
  upgradeTls(socket, options) {
    return tls.connect({ ...options, socket });
  },
};
