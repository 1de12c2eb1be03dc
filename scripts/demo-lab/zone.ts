/**
 * The demo organization's DNS as the demo lab serves it: acme-mail.example and its subdomains, with the
 * records a well-run sender publishes (SPF for its own IPs, DKIM keys for the selectors the demo watches,
 * DMARC, TLS-RPT) and one thing left to fix (DMARC at p=none on the main domain), so the domain pages show
 * real findings from real lookups. Every host answers on 127.0.0.1, where the lab's SMTP listeners are.
 */
import { generateKeyPairSync } from "node:crypto";

import { reverseName } from "../../packages/deliverability/src/dns/names.ts";
import { type TestZone } from "../../packages/deliverability/src/dns/testing/zone.ts";

export const DEMO_ZONE_APEX = "acme-mail.example";
export const DEMO_LAB_HOST = "127.0.0.1";

/** The demo's sending IPs and the names they send as: PTR and forward record agree (FCrDNS), HELO matches. */
export const DEMO_SENDERS = [
  { ip: "192.0.2.10", name: "out1.acme-mail.example" },
  { ip: "192.0.2.11", name: "out2.acme-mail.example" },
  { ip: "2001:db8::25", name: "news-out.acme-mail.example" },
] as const;

/** The base64 SubjectPublicKeyInfo of a fresh RSA key, as a DKIM record's p= carries it. */
function dkimPublicKey(bits: number): string {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return publicKey.export({ type: "spki", format: "der" }).toString("base64");
}

export function demoZone(): TestZone {
  const dkim = (bits = 2048) => ({ TXT: [`v=DKIM1; k=rsa; p=${dkimPublicKey(bits)}`] });
  return {
    "acme-mail.example": {
      A: [DEMO_LAB_HOST],
      MX: [{ preference: 10, exchange: "mx1.acme-mail.example" }],
      TXT: ["v=spf1 ip4:192.0.2.10 ip4:192.0.2.11 -all"],
    },
    "news.acme-mail.example": {
      MX: [{ preference: 10, exchange: "mx1.acme-mail.example" }],
      TXT: ["v=spf1 ip6:2001:db8::25 -all"],
    },
    "smtp.acme-mail.example": { A: [DEMO_LAB_HOST] },
    "mx1.acme-mail.example": { A: [DEMO_LAB_HOST] },
    "relay.acme-mail.example": { A: [DEMO_LAB_HOST] },
    "s1._domainkey.acme-mail.example": dkim(),
    "google._domainkey.acme-mail.example": dkim(),
    "mkt._domainkey.news.acme-mail.example": dkim(),
    // The main domain still monitors (p=none): the finding the demo's DMARC reports argue against.
    "_dmarc.acme-mail.example": { TXT: ["v=DMARC1; p=none; rua=mailto:dmarc@acme-mail.example; adkim=r; aspf=r"] },
    "_dmarc.news.acme-mail.example": { TXT: ["v=DMARC1; p=quarantine; rua=mailto:dmarc@acme-mail.example"] },
    "_smtp._tls.acme-mail.example": { TXT: ["v=TLSRPTv1; rua=mailto:tls-reports@acme-mail.example"] },
    ...Object.fromEntries(DEMO_SENDERS.map((s) => [s.name, s.ip.includes(":") ? { AAAA: [s.ip] } : { A: [s.ip] }])),
    ...Object.fromEntries(DEMO_SENDERS.map((s) => [reverseName(s.ip), { PTR: [s.name] }])),
  };
}

const DEMO_REVERSE_NAMES: ReadonlySet<string> = new Set(DEMO_SENDERS.map((s) => reverseName(s.ip)));

/** True for the names the lab answers itself (the demo zone, the demo IPs' PTRs); the rest goes upstream. */
export function isDemoName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, "");
  return n === DEMO_ZONE_APEX || n.endsWith(`.${DEMO_ZONE_APEX}`) || DEMO_REVERSE_NAMES.has(n);
}
