/**
 * Zone fixtures for tests, the CLI tests and the benchmark: one domain per good or broken
 * configuration, sending IPs with good and bad reverse DNS, and DNSBL zones with listings and the
 * special return codes. Names use the reserved .test TLD (RFC 6761) and documentation IPs (RFC 5737).
 */
import { generateKeyPairSync } from "node:crypto";

import type { TestDnsFaults, TestZone } from "./zone.ts";

function dkimKey(bits: number): string {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return publicKey.export({ format: "der", type: "spki" }).toString("base64");
}

/** The 1024-bit RSA key of RFC 6376's football.example.com (also in shared/corpus/dkim). */
export const RSA_1024_KEY =
  "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";

export const GOOD_IP = "192.0.2.10";
export const UNCONFIRMED_IP = "192.0.2.11";
export const NO_PTR_IP = "192.0.2.12";
/** Listed on Spamhaus ZEN (SBL + PBL), Barracuda and SpamCop. */
export const LISTED_IP = "192.0.2.99";
/** Spamhaus answers 127.255.255.254 (public resolver refused): an error, not a listing. */
export const REFUSED_IP = "192.0.2.98";

const reverse = (ip: string) => ip.split(".").reverse().join(".");

export interface FixtureSet {
  zone: TestZone;
  faults: TestDnsFaults;
}

let cached: FixtureSet | undefined;

export function checkFixtures(): FixtureSet {
  if (cached) return cached;
  const rsa2048 = dkimKey(2048);
  const rsa512 = dkimKey(512);
  const tooManyIncludes = Array.from({ length: 11 }, (_, i) => `include:_s${i}.broken.test`).join(" ");
  const zone: TestZone = {
    // A well-configured domain.
    "good.test": {
      A: ["192.0.2.1"],
      MX: [
        { preference: 10, exchange: "mx1.good.test" },
        { preference: 20, exchange: "mx2.good.test" },
      ],
      TXT: ["v=spf1 ip4:192.0.2.0/24 include:_spf.provider.test -all", "google-site-verification=abc"],
    },
    "mx1.good.test": { A: ["192.0.2.21"], AAAA: ["2001:db8::21"] },
    "mx2.good.test": { A: ["192.0.2.22"] },
    "mail.good.test": { A: [GOOD_IP] },
    "_spf.provider.test": { TXT: ["v=spf1 ip4:198.51.100.0/24 ip6:2001:db8:100::/48 -all"] },
    "selector1._domainkey.good.test": { TXT: [`v=DKIM1; k=rsa; p=${rsa2048}`] },
    "_dmarc.good.test": { TXT: ["v=DMARC1; p=reject; rua=mailto:dmarc@good.test; adkim=s; aspf=r"] },
    "default._bimi.good.test": { TXT: ["v=BIMI1; l=https://good.test/logo.svg; a=https://good.test/vmc.pem"] },
    "_mta-sts.good.test": { TXT: ["v=STSv1; id=20240101"] },
    "mta-sts.good.test": { A: ["127.0.0.1"] },
    "_smtp._tls.good.test": { TXT: ["v=TLSRPTv1; rua=mailto:tls@good.test"] },
    "www.good.test": { A: ["192.0.2.1"] },

    // Everything wrong.
    "broken.test": {
      A: ["192.0.2.2"],
      MX: [
        { preference: 10, exchange: "alias.broken.test" },
        { preference: 20, exchange: "192.0.2.30" },
        { preference: 30, exchange: "gone.broken.test" },
      ],
      TXT: [`v=spf1 ptr ${tooManyIncludes} +all`],
    },
    ...Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`_s${i}.broken.test`, { TXT: [`v=spf1 ip4:203.0.113.${i} -all`] }])),
    "alias.broken.test": { CNAME: "real.broken.test" },
    "real.broken.test": { A: ["192.0.2.31"] },
    "mail.broken.test": { A: ["192.0.2.200"] },
    "s1._domainkey.broken.test": { TXT: [`v=DKIM1; k=rsa; p=${rsa512}`] },
    "k1._domainkey.broken.test": { TXT: [`v=DKIM1; k=rsa; t=y; p=${RSA_1024_KEY}`] },
    "selector2._domainkey.broken.test": { TXT: ["v=DKIM1; k=rsa; p="] },
    "_dmarc.broken.test": { TXT: ["v=DMARC1; p=none; sp=none; pct=50; rua=mailto:reports@vendor.test"] },
    "default._bimi.broken.test": { TXT: ["v=BIMI1; l=http://broken.test/logo.png"] },
    "_smtp._tls.broken.test": { TXT: ["v=TLSRPTv1; rua=ftp://broken.test/reports"] },

    // No SPF, no DMARC, no MX: only a web site.
    "bare.test": { A: ["192.0.2.3"] },
    // A send-only domain: null MX (RFC 7505), strict policies.
    "nullmx.test": { MX: [{ preference: 0, exchange: "." }], TXT: ["v=spf1 -all"] },
    "_dmarc.nullmx.test": { TXT: ["v=DMARC1; p=reject"] },
    // Several SPF records and several DMARC records.
    "double.test": { MX: [{ preference: 10, exchange: "mx1.good.test" }], TXT: ["v=spf1 -all", "v=spf1 mx -all"] },
    "_dmarc.double.test": { TXT: ["v=DMARC1; p=reject", "v=DMARC1; p=none"] },
    // An authorized external report destination.
    "authorized.test": { MX: [{ preference: 10, exchange: "mx1.good.test" }], TXT: ["v=spf1 mx -all"] },
    "_dmarc.authorized.test": { TXT: ["v=DMARC1; p=quarantine; rua=mailto:agg@reports.vendor.test"] },
    "authorized.test._report._dmarc.reports.vendor.test": { TXT: ["v=DMARC1"] },

    // Reverse DNS.
    [`${reverse(GOOD_IP)}.in-addr.arpa`]: { PTR: ["mail.good.test"] },
    [`${reverse(UNCONFIRMED_IP)}.in-addr.arpa`]: { PTR: ["mail.broken.test"] },
    [`${reverse(LISTED_IP)}.in-addr.arpa`]: { PTR: ["dsl-192-0-2-99.pool.isp.test"] },

    // DNSBL zones.
    [`${reverse(LISTED_IP)}.zen.spamhaus.org`]: { A: ["127.0.0.2", "127.0.0.10"], TXT: ["https://check.spamhaus.org/sbl/query/SBL123"] },
    [`${reverse(LISTED_IP)}.b.barracudacentral.org`]: { A: ["127.0.0.2"] },
    [`${reverse(LISTED_IP)}.bl.spamcop.net`]: { A: ["127.0.0.2"], TXT: ["Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.99"] },
    [`${reverse(REFUSED_IP)}.zen.spamhaus.org`]: { A: ["127.255.255.254"] },
    [`${reverse(REFUSED_IP)}.bl.spamcop.net`]: { A: ["10.0.0.1"] },
    "broken.test.dbl.spamhaus.org": { A: ["127.0.1.2"], TXT: ["https://check.spamhaus.org/dbl/query/broken.test"] },
    "broken.test.multi.surbl.org": { A: ["127.0.0.72"] },
    "good.test.multi.uribl.com": { A: ["127.0.0.1"] },
    // A private list an organization adds to the catalogue.
    [`${reverse(LISTED_IP)}.private-bl.test`]: { A: ["127.0.0.3"] },
  };
  const faults: TestDnsFaults = {
    timeout: [/(^|\.)slow\.test$/, `${reverse(GOOD_IP)}.bl.spamcop.net`],
    servfail: [/(^|\.)servfail\.test$/],
  };
  cached = { zone, faults };
  return cached;
}
