/**
 * TLS for report-mailbox polling: which certificates we trust and how a failed handshake is told to the
 * customer. Certificates are always verified, chain and host name (RFC 9051 §11.1, RFC 6125): a mailbox
 * password is never sent to a server we cannot authenticate, and there is no "accept any certificate".
 *
 * Trust is Node's default store, which includes NODE_EXTRA_CA_CERTS read at worker start: a self-hosted
 * install with a private CA sets that. `trustedCa` adds certificates per call, like the SMTP probes'
 * `trustedCa` (../smtp/tls-details.ts); tests use it for their self-signed server.
 * A per-mailbox "trust this self-signed certificate" choice would be a product decision (and a schema
 * change) and is deliberately not offered here.
 */
import tls from "node:tls";

/**
 * OpenSSL/Node verification codes (X509_V_ERR_* without the prefix) that mean "the certificate is not one
 * we trust for this host", as opposed to a network or protocol failure.
 */
const CERTIFICATE_ERROR_CODES: ReadonlySet<string> = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_SIGNATURE_FAILURE",
  "CERT_NOT_YET_VALID",
  "CERT_HAS_EXPIRED",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_CHAIN_TOO_LONG",
  "INVALID_CA",
  "INVALID_PURPOSE",
  "PATH_LENGTH_EXCEEDED",
  "HOSTNAME_MISMATCH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/**
 * Options handed to imapflow (and by it to tls.connect, for implicit TLS and the STARTTLS upgrade alike).
 * Without extra CAs nothing is passed, so Node's default store (with NODE_EXTRA_CA_CERTS) applies; an
 * explicit `ca` replaces that store, hence the public roots are listed alongside the extra ones.
 */
export function imapTlsOptions(trustedCa: readonly string[] | undefined): tls.ConnectionOptions | undefined {
  if (!trustedCa || trustedCa.length === 0) return undefined;
  return { ca: [...tls.rootCertificates, ...trustedCa] };
}

export interface TlsFailure {
  kind: "tls_failed";
  message: string;
}

/**
 * A connect error that is a TLS failure, described for the mailbox card; undefined for anything else.
 * imapflow marks a failed STARTTLS upgrade with `tlsFailed`; implicit TLS surfaces Node's own error code.
 */
export function describeTlsFailure(err: unknown, host: string): TlsFailure | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & { code?: unknown; tlsFailed?: boolean };
  const code = typeof e.code === "string" ? e.code : "";
  if (CERTIFICATE_ERROR_CODES.has(code)) {
    return {
      kind: "tls_failed",
      message: `the certificate of ${host} is not trusted: ${e.message} (${code}). Use a certificate from a public CA, or ask your administrator to trust your CA.`,
    };
  }
  if (e.tlsFailed || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_")) {
    // OpenSSL's text ("…:wrong version number:…ssl3_record.c:350") is noise; the code says it.
    return {
      kind: "tls_failed",
      message: `TLS handshake with ${host} failed (${code || e.message}). Check the port and security mode: implicit TLS is usually 993, STARTTLS 143.`,
    };
  }
  return undefined;
}
