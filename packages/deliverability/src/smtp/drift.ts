/**
 * Drift between two successful probes of the same (host, port): the security-relevant facts a mail
 * admin wants to hear about when they change. Pure: compare fingerprints, emit typed events.
 */
import { CERT_EXPIRY_WARNING_DAYS } from "./limits.ts";
import { tlsVersionRank } from "./tls-details.ts";
import { type ProbeResult, type TlsVersion } from "./types.ts";

/** The facts drift and monitor state compare, lifted out of a ProbeResult (small; stored in monitor state). */
export interface ProbeFingerprint {
  /** STARTTLS advertised in the pre-TLS EHLO; null on implicit-TLS ports where it does not apply. */
  starttlsOffered: boolean | null;
  tlsVersion: TlsVersion | null;
  cipher: string | null;
  certFingerprint256: string | null;
  certIssuer: string | null;
  certNotAfter: string | null;
  certDaysLeft: number | null;
  tlsAuthorized: boolean | null;
  authMechanisms: string[];
  bannerHostname: string | null;
  size: number | null;
}

export type DriftSeverity = "regression" | "change";

export type DriftEvent =
  | { type: "starttls_disappeared"; severity: "regression"; before: true; after: false }
  | { type: "tls_version_lowered"; severity: "regression"; before: TlsVersion; after: TlsVersion }
  | { type: "cipher_changed"; severity: "change"; before: string; after: string }
  | { type: "certificate_replaced"; severity: "change"; before: CertSummary; after: CertSummary }
  | { type: "certificate_expiring"; severity: "regression"; daysLeft: number; notAfter: string }
  | { type: "auth_mechanisms_changed"; severity: DriftSeverity; before: string[]; after: string[]; added: string[]; removed: string[] }
  | { type: "banner_hostname_changed"; severity: "change"; before: string | null; after: string | null }
  | { type: "size_changed"; severity: "change"; before: number | null; after: number | null };

export type DriftType = DriftEvent["type"];

export interface CertSummary {
  fingerprint256: string | null;
  issuer: string | null;
  notAfter: string | null;
}

export function fingerprintOf(result: ProbeResult): ProbeFingerprint {
  const leaf = result.tls?.chain[0];
  const ehlo = result.ehloAfterTls ?? result.ehlo;
  return {
    starttlsOffered: result.tls?.via === "implicit" || !result.ehlo ? null : result.ehlo.capabilities.startTls,
    tlsVersion: result.tls?.version ?? null,
    cipher: result.tls?.cipher ?? null,
    certFingerprint256: leaf?.fingerprint256 ?? null,
    certIssuer: leaf?.issuer ?? null,
    certNotAfter: leaf?.notAfter ?? null,
    certDaysLeft: leaf?.daysLeft ?? null,
    tlsAuthorized: result.tls?.authorized ?? null,
    authMechanisms: ehlo?.capabilities.authMechanisms ?? [],
    bannerHostname: result.banner?.hostname ?? null,
    size: ehlo?.capabilities.size ?? null,
  };
}

const isExpiring = (days: number | null): days is number => days !== null && days <= CERT_EXPIRY_WARNING_DAYS;

/** Events from `before` to `after`; `before` null (first successful probe) yields only absolute findings. */
export function detectFingerprintDrift(before: ProbeFingerprint | null, after: ProbeFingerprint): DriftEvent[] {
  const events: DriftEvent[] = [];
  const certChanged =
    before !== null &&
    before.certFingerprint256 !== null &&
    after.certFingerprint256 !== null &&
    before.certFingerprint256 !== after.certFingerprint256;
  // Expiry is reported when the certificate enters the window, not on every probe inside it.
  if (isExpiring(after.certDaysLeft) && after.certNotAfter && (before === null || certChanged || !isExpiring(before.certDaysLeft))) {
    events.push({ type: "certificate_expiring", severity: "regression", daysLeft: after.certDaysLeft, notAfter: after.certNotAfter });
  }
  if (!before) return events;
  if (before.starttlsOffered === true && after.starttlsOffered === false) {
    events.push({ type: "starttls_disappeared", severity: "regression", before: true, after: false });
  }
  if (before.tlsVersion && after.tlsVersion && tlsVersionRank(after.tlsVersion) < tlsVersionRank(before.tlsVersion)) {
    events.push({ type: "tls_version_lowered", severity: "regression", before: before.tlsVersion, after: after.tlsVersion });
  }
  if (before.cipher && after.cipher && before.cipher !== after.cipher) {
    events.push({ type: "cipher_changed", severity: "change", before: before.cipher, after: after.cipher });
  }
  if (certChanged) {
    events.push({
      type: "certificate_replaced",
      severity: "change",
      before: { fingerprint256: before.certFingerprint256, issuer: before.certIssuer, notAfter: before.certNotAfter },
      after: { fingerprint256: after.certFingerprint256, issuer: after.certIssuer, notAfter: after.certNotAfter },
    });
  }
  const removed = before.authMechanisms.filter((m) => !after.authMechanisms.includes(m));
  const added = after.authMechanisms.filter((m) => !before.authMechanisms.includes(m));
  if (removed.length > 0 || added.length > 0) {
    events.push({
      type: "auth_mechanisms_changed",
      severity: removed.length > 0 ? "regression" : "change",
      before: before.authMechanisms,
      after: after.authMechanisms,
      added,
      removed,
    });
  }
  if (before.bannerHostname !== after.bannerHostname) {
    events.push({ type: "banner_hostname_changed", severity: "change", before: before.bannerHostname, after: after.bannerHostname });
  }
  if (before.size !== after.size) events.push({ type: "size_changed", severity: "change", before: before.size, after: after.size });
  return events;
}

/** Drift between two consecutive successful probes (pass null for `previousOk` on the first one). */
export function detectDrift(previousOk: ProbeResult | null, currentOk: ProbeResult): DriftEvent[] {
  return detectFingerprintDrift(previousOk ? fingerprintOf(previousOk) : null, fingerprintOf(currentOk));
}
