/**
 * DKIM key records (RFC 6376 §3.6.1, RFC 8463 for ed25519) at <selector>._domainkey.<domain>, for the
 * configured selectors plus a discovery list of common ones: syntax, key type and size, testing
 * flag (t=y), revoked keys (empty p=).
 */
import { createPublicKey } from "node:crypto";

import { finding, graded, parseTags, statusOf, temperrorFinding, txtStrings } from "./findings.ts";
import type { CheckResultBase, DnsResolver, Finding, LookupResult } from "./types.ts";

/** Selectors used by common providers (Google Workspace, Microsoft 365, Mailchimp, SES, Postmark…). */
export const DKIM_DISCOVERY_SELECTORS = [
  "google",
  "selector1",
  "selector2",
  "k1",
  "k2",
  "k3",
  "s1",
  "s2",
  "default",
  "mail",
  "dkim",
  "smtp",
  "mxvault",
  "everlytickey1",
  "mandrill",
  "pm",
  "sig1",
  "zoho",
  "protonmail",
  "fm1",
  "fm2",
];
/** RFC 8301 §3.2: RSA keys under 1024 bits MUST NOT be used. */
export const DKIM_RSA_MIN_BITS = 1024;
/** RFC 8301 recommends ≥ 2048 bits; 1024 still verifies but is weak. */
export const DKIM_RSA_GOOD_BITS = 2048;
/** An ed25519 public key is 32 bytes (RFC 8032 §5.1.5). */
const ED25519_KEY_BYTES = 32;

export interface DkimSelectorResult {
  selector: string;
  name: string;
  configured: boolean;
  found: boolean;
  record?: string;
  keyType?: string;
  keyBits?: number;
  testing: boolean;
  revoked: boolean;
}

export interface DkimCheckResult extends CheckResultBase {
  check: "dkim";
  domain: string;
  selectors: DkimSelectorResult[];
}

export interface DkimCheckOptions {
  selectors?: string[];
  /** Also probe DKIM_DISCOVERY_SELECTORS (default true). */
  discover?: boolean;
  discoverySelectors?: string[];
}

export async function checkDkim(domain: string, resolver: DnsResolver, opts: DkimCheckOptions = {}): Promise<DkimCheckResult> {
  const findings: Finding[] = [];
  const configured = new Set((opts.selectors ?? []).map((s) => s.toLowerCase()));
  const discovery = opts.discover === false ? [] : (opts.discoverySelectors ?? DKIM_DISCOVERY_SELECTORS);
  const all = [...new Set([...configured, ...discovery.map((s) => s.toLowerCase())])];
  let transient = false;
  // A discovery selector that errs is ignored, but if NO lookup answered, "no key found" was never
  // established: the check could not run.
  let firstError: { name: string; result: LookupResult } | undefined;
  let errors = 0;
  const selectors = await Promise.all(
    all.map(async (selector): Promise<DkimSelectorResult | undefined> => {
      const name = `${selector}._domainkey.${domain}`;
      const isConfigured = configured.has(selector);
      const base: DkimSelectorResult = { selector, name, configured: isConfigured, found: false, testing: false, revoked: false };
      const txt = await resolver.query(name, "TXT");
      if (txt.kind === "error") {
        errors++;
        firstError ??= { name, result: txt };
        if (isConfigured) {
          transient = true;
          findings.push(temperrorFinding("dkim", name, txt));
        }
        return isConfigured ? base : undefined;
      }
      const records = txtStrings(txt);
      if (records.length === 0) {
        if (isConfigured)
          findings.push(
            finding(
              "critical",
              "dkim.selector-missing",
              `No DKIM key at ${name}; mail signed with s=${selector} fails DKIM.`,
              `Publish the public key of selector "${selector}" as a TXT record at ${name}.`,
            ),
          );
        return isConfigured ? base : undefined;
      }
      if (records.length > 1)
        findings.push(
          finding(
            "warning",
            "dkim.multiple-records",
            `${name} has ${records.length} TXT records; verifiers may pick any.`,
            "Keep one key record per selector.",
          ),
        );
      return inspectKey({ ...base, found: true, record: records[0] ?? "" }, findings);
    }),
  );
  const found = selectors.filter((s): s is DkimSelectorResult => s !== undefined);
  if (!transient && firstError && errors === all.length) {
    transient = true;
    findings.push(temperrorFinding("dkim", firstError.name, firstError.result));
  }
  if (!transient && !found.some((s) => s.found)) {
    findings.push(
      finding(
        "warning",
        "dkim.none-found",
        `No DKIM key found for ${domain} under the configured or common selectors.`,
        "Enable DKIM signing at your mail provider and add its selector to this domain's settings.",
      ),
    );
  }
  const status = transient ? "temperror" : statusOf(findings);
  return {
    check: "dkim",
    domain,
    status,
    ...graded(status, findings),
    findings,
    records: found.flatMap((s) => (s.record ? [`${s.name}: ${s.record}`] : [])),
    selectors: found,
  };
}

function inspectKey(sel: DkimSelectorResult, findings: Finding[]): DkimSelectorResult {
  const { tags, errors } = parseTags(sel.record ?? "");
  const where = `DKIM key ${sel.name}`;
  if (errors.length > 0)
    findings.push(
      finding(
        "critical",
        "dkim.syntax",
        `${where}: ${errors.join("; ")}.`,
        "Republish the record exactly as your provider gives it (tag=value pairs separated by ;).",
      ),
    );
  const version = tags.get("v");
  if (version !== undefined && version !== "DKIM1")
    findings.push(
      finding(
        "critical",
        "dkim.bad-version",
        `${where} has v=${version}; only DKIM1 is defined (RFC 6376 §3.6.1).`,
        'Use "v=DKIM1" or drop the tag.',
      ),
    );
  const keyType = (tags.get("k") ?? "rsa").toLowerCase();
  const flags = (tags.get("t") ?? "").split(":").map((f) => f.trim().toLowerCase());
  const result: DkimSelectorResult = { ...sel, keyType, testing: flags.includes("y") };
  if (result.testing)
    findings.push(
      finding(
        "warning",
        "dkim.testing",
        `${where} has t=y: verifiers treat its signatures as unverified tests.`,
        "Remove t=y once signing works.",
      ),
    );
  const p = tags.get("p");
  if (p === undefined) {
    findings.push(finding("critical", "dkim.no-key", `${where} has no p= tag.`, "Publish the public key in p=."));
    return result;
  }
  const key = p.replace(/\s+/g, "");
  if (key === "") {
    findings.push(
      finding(
        sel.configured ? "critical" : "info",
        "dkim.revoked",
        `${where} is revoked (empty p=, RFC 6376 §3.6.1).`,
        sel.configured ? "Publish the current key or stop signing with this selector." : "Nothing to do if this selector is retired.",
      ),
    );
    return { ...result, revoked: true };
  }
  const der = Buffer.from(key, "base64");
  if (keyType === "ed25519") {
    if (der.length !== ED25519_KEY_BYTES)
      findings.push(
        finding(
          "critical",
          "dkim.bad-key",
          `${where}: an ed25519 key must be ${ED25519_KEY_BYTES} bytes, this one is ${der.length}.`,
          "Republish the raw 32-byte ed25519 public key, base64-encoded (RFC 8463 §4.2).",
        ),
      );
    else
      findings.push(
        finding(
          "info",
          "dkim.ed25519",
          `${where} is ed25519; many receivers still verify only RSA.`,
          "Sign with an RSA key as well (a second selector) until ed25519 support is universal.",
        ),
      );
    return { ...result, keyBits: 256 };
  }
  if (keyType !== "rsa") {
    findings.push(finding("critical", "dkim.unknown-key-type", `${where} has unknown key type k=${keyType}.`, "Use k=rsa or k=ed25519."));
    return result;
  }
  const bits = rsaBits(der);
  if (bits === undefined) {
    findings.push(
      finding(
        "critical",
        "dkim.bad-key",
        `${where}: p= is not a valid RSA public key.`,
        "Republish the key; it is often truncated when pasted into a DNS console (split it into 255-byte strings).",
      ),
    );
    return result;
  }
  if (bits < DKIM_RSA_MIN_BITS)
    findings.push(
      finding(
        "critical",
        "dkim.key-weak",
        `${where} is RSA-${bits}; RFC 8301 forbids keys under ${DKIM_RSA_MIN_BITS} bits and receivers fail them.`,
        `Generate a ${DKIM_RSA_GOOD_BITS}-bit key under a new selector and switch signing to it.`,
      ),
    );
  else if (bits < DKIM_RSA_GOOD_BITS)
    findings.push(
      finding(
        "warning",
        "dkim.key-short",
        `${where} is RSA-${bits}; ${DKIM_RSA_GOOD_BITS} bits is the recommended minimum.`,
        `Rotate to a ${DKIM_RSA_GOOD_BITS}-bit key under a new selector.`,
      ),
    );
  return { ...result, keyBits: bits };
}

/** p= is a SubjectPublicKeyInfo (RFC 6376 §3.6.1), some publishers use bare PKCS#1. */
function rsaBits(der: Buffer): number | undefined {
  for (const type of ["spki", "pkcs1"] as const) {
    try {
      const key = createPublicKey({ key: der, format: "der", type });
      if (key.asymmetricKeyType === "rsa") return key.asymmetricKeyDetails?.modulusLength;
    } catch {
      /* try the next encoding */
    }
  }
  return undefined;
}
