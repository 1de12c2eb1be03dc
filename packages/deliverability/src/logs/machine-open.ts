/**
 * Machine opens: an open event caused by software fetching the tracking pixel, not by a person reading
 * the message. Apple Mail Privacy Protection (iOS 15 / macOS 12 and later) pre-fetches every message's
 * images through Apple's proxy whether or not the recipient ever opens it, so open rates of lists with
 * many Apple Mail users are inflated. The rule lives here, in one pure function, so every ESP parser and
 * every test agrees on it.
 */

/**
 * Apple's privacy proxy: it fetches with the bare user agent "Mozilla/5.0" (no platform, no engine) from
 * Apple's 17.0.0.0/8 network. A browser or mail client always says more than "Mozilla/5.0", and Apple
 * owns the whole of 17/8, so both together are a narrow rule: false positives need a client hiding its
 * user agent from inside Apple's own network.
 */
export const APPLE_PROXY_USER_AGENT = "Mozilla/5.0";
/** First octet of Apple's IPv4 network (17.0.0.0/8, registered to Apple since 1990). */
const APPLE_NETWORK_FIRST_OCTET = 17;

export interface OpenSignals {
  /**
   * The ESP's own verdict when it gives one (SendGrid `sg_machine_open`); undefined when the payload has
   * no such field. It wins over the heuristic either way: the ESP saw signals we do not (request headers,
   * its own IP lists).
   */
  providerFlag?: boolean;
  /** User-Agent of the pixel fetch, as the ESP reported it; '' when absent. */
  userAgent: string;
  /** IP address the pixel was fetched from; '' when absent. IPv4-mapped IPv6 (::ffff:17.x.y.z) is read as IPv4. */
  ip: string;
}

/** True when the address is in Apple's 17.0.0.0/8 (dotted IPv4, or IPv4-mapped IPv6). */
export function isAppleNetworkIp(ip: string): boolean {
  const v4 = ip.trim().replace(/^::ffff:/i, "");
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v4);
  if (!m) return false;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) && octets[0] === APPLE_NETWORK_FIRST_OCTET;
}

/** The Apple privacy proxy heuristic: bare "Mozilla/5.0" user agent from 17.0.0.0/8. */
export function isApplePrivacyProxyFetch(userAgent: string, ip: string): boolean {
  return userAgent.trim() === APPLE_PROXY_USER_AGENT && isAppleNetworkIp(ip);
}

/** Whether an open event was a machine open: the provider's flag when present, else the Apple proxy heuristic. */
export function isMachineOpen(s: OpenSignals): boolean {
  if (s.providerFlag !== undefined) return s.providerFlag;
  return isApplePrivacyProxyFetch(s.userAgent, s.ip);
}
