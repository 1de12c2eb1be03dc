/**
 * What the TLS handshake showed: protocol, cipher, the presented chain and how it verified. The
 * handshake runs with rejectUnauthorized:false so a probe can report a bad certificate instead of
 * merely failing; chain validity comes from Node's own verification (socket.authorized) and the
 * hostname check from tls.checkServerIdentity (RFC 6125), kept apart so each is visible.
 */
import tls from "node:tls";

import { PROBE_MAX_CHAIN_DEPTH } from "./limits.ts";
import { type CertificateInfo, type TlsDetails, type TlsVersion } from "./types.ts";

const DAY_MS = 86_400_000;
const VERSIONS: readonly TlsVersion[] = ["SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

/** Orders TLS versions for "version lowered" drift; unknown sorts lowest. */
export function tlsVersionRank(version: TlsVersion): number {
  return VERSIONS.indexOf(version);
}

/**
 * Options for the handshake: no rejection (we report instead), and Node's hostname check disabled so
 * `authorized` reflects the chain alone; hostnameMatch is computed separately below.
 */
export function probeTlsOptions(checkedName: string, trustedCa: readonly string[] | undefined): tls.ConnectionOptions {
  const isIp = /^[\d.]+$|:/.test(checkedName);
  return {
    // RFC 6066 §3: SNI carries host names only, never IP literals.
    servername: isIp ? undefined : checkedName,
    rejectUnauthorized: false,
    checkServerIdentity: () => undefined,
    secureContext: secureContextFor(trustedCa),
  };
}

/** Distinct trust configurations kept; a worker normally has one or two. */
const MAX_CACHED_CONTEXTS = 16;
const contexts = new Map<string, tls.SecureContext>();

/**
 * One SecureContext per trust configuration instead of one per connection (building it costs more
 * than the handshake's own crypto on loopback). Sharing it does not resume TLS sessions: Node keeps no
 * client session cache (SSL_SESS_CACHE_NO_INTERNAL) and we never pass `session`, so every probe does
 * a full handshake and sees the certificate.
 */
function secureContextFor(trustedCa: readonly string[] | undefined): tls.SecureContext {
  const key = trustedCa?.join("\n") ?? "";
  let context = contexts.get(key);
  if (!context) {
    if (contexts.size >= MAX_CACHED_CONTEXTS) contexts.clear();
    context = tls.createSecureContext(trustedCa && trustedCa.length > 0 ? { ca: [...tls.rootCertificates, ...trustedCa] } : {});
    contexts.set(key, context);
  }
  return context;
}

function formatName(name: Record<string, string | string[] | undefined> | undefined): string {
  if (!name) return "";
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : (v ?? "")}`)
    .join(", ");
}

function toIso(text: string | undefined): string {
  const t = text ? Date.parse(text) : NaN;
  return Number.isFinite(t) ? new Date(t).toISOString() : "";
}

function describeCertificate(cert: tls.DetailedPeerCertificate, now: Date): CertificateInfo {
  const notAfter = toIso(cert.valid_to);
  const issuer = cert.issuerCertificate as tls.DetailedPeerCertificate | undefined;
  return {
    subject: formatName(cert.subject),
    issuer: formatName(cert.issuer),
    subjectAltNames: cert.subjectaltname ? cert.subjectaltname.split(/,\s*/) : [],
    notBefore: toIso(cert.valid_from),
    notAfter,
    daysLeft: notAfter ? Math.floor((Date.parse(notAfter) - now.getTime()) / DAY_MS) : 0,
    fingerprint256: cert.fingerprint256 ?? "",
    serialNumber: cert.serialNumber ?? "",
    // Node links a self-signed certificate's issuerCertificate to itself.
    selfSigned: issuer === cert || (issuer !== undefined && issuer.fingerprint256 === cert.fingerprint256),
  };
}

export function describeTls(socket: tls.TLSSocket, via: TlsDetails["via"], checkedName: string, now: Date): TlsDetails {
  const leaf = socket.getPeerCertificate(true);
  const chain: CertificateInfo[] = [];
  const seen = new Set<string>();
  let cert: tls.DetailedPeerCertificate | undefined = leaf && leaf.raw ? leaf : undefined;
  while (cert && chain.length < PROBE_MAX_CHAIN_DEPTH && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(describeCertificate(cert, now));
    cert = cert.issuerCertificate;
  }
  const hostnameMatch = chain.length > 0 && tls.checkServerIdentity(checkedName, leaf) === undefined;
  const chainValid = socket.authorized;
  const chainError = socket.authorizationError ? String(socket.authorizationError) : null;
  const protocol = socket.getProtocol();
  const cipher = socket.getCipher();
  return {
    via,
    version: (VERSIONS as readonly string[]).includes(protocol ?? "") ? (protocol as TlsVersion) : "unknown",
    cipher: cipher.standardName || cipher.name,
    checkedName,
    chain,
    hostnameMatch,
    chainValid,
    authorized: chainValid && hostnameMatch,
    authorizationError: chainError ?? (hostnameMatch ? null : "ERR_TLS_CERT_ALTNAME_INVALID"),
  };
}
