/**
 * The built-in catalogue is data edited by hand from each list's documentation: this keeps it
 * structurally sound (zones unique and valid, codes parse as RFC 5782 answers, links https) and keeps
 * the floor of 50 working IP lists with shut-down lists disabled, not silently queried.
 */
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";

import { buildCatalogue, DEFAULT_BLOCKLISTS } from "./catalogue.ts";

const LOOPBACK_V4 = ipaddr.parseCIDR("127.0.0.0/8");
const isAnswerCode = (code: string) => ipaddr.IPv4.isValidFourPartDecimal(code) && ipaddr.IPv4.parse(code).match(LOOPBACK_V4);
const isHttps = (url: string) => URL.canParse(url) && new URL(url).protocol === "https:";

describe("DNSBL catalogue", () => {
  it("has unique, lowercase, valid zone names", () => {
    const zones = DEFAULT_BLOCKLISTS.map((l) => l.zone);
    expect(new Set(zones).size).toBe(zones.length);
    for (const zone of zones) expect(zone).toMatch(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/);
  });

  it("gives every list a name, a kind and a weight of 1–10", () => {
    for (const l of DEFAULT_BLOCKLISTS) {
      expect(l.name.length, l.zone).toBeGreaterThan(0);
      expect(["ip", "domain"], l.zone).toContain(l.kind);
      expect(Number.isInteger(l.weight) && l.weight >= 1 && l.weight <= 10, l.zone).toBe(true);
    }
  });

  it("uses only return codes inside 127.0.0.0/8 (RFC 5782 §2.1), never one code as both listing and error", () => {
    for (const l of DEFAULT_BLOCKLISTS) {
      const listing = Object.keys(l.codes ?? {});
      const errors = Object.keys(l.errorCodes ?? {});
      for (const code of [...listing, ...errors, ...(l.notListed ?? [])]) expect(isAnswerCode(code), `${l.zone} ${code}`).toBe(true);
      for (const code of listing) {
        expect(errors, `${l.zone} ${code}`).not.toContain(code);
        expect(l.notListed ?? [], `${l.zone} ${code}`).not.toContain(code);
      }
    }
  });

  it("links delisting pages and sources over https only, and dates every verification", () => {
    for (const l of DEFAULT_BLOCKLISTS) {
      if (l.delistUrl !== "") expect(isHttps(l.delistUrl), `${l.zone} ${l.delistUrl}`).toBe(true);
      if (l.source !== undefined) expect(URL.canParse(l.source), `${l.zone} ${l.source}`).toBe(true);
      if (l.verifiedAt !== undefined) {
        expect(l.verifiedAt, l.zone).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(l.source, `${l.zone} is verified against no source`).toBeDefined();
      }
    }
  });

  it("disables every list marked defunct and queries none of them by default", () => {
    const defunct = DEFAULT_BLOCKLISTS.filter((l) => l.defunct !== undefined);
    expect(defunct.map((l) => l.zone)).toEqual(expect.arrayContaining(["ix.dnsbl.manitu.net", "db.wpbl.info", "rbl.megarbl.net"]));
    for (const l of defunct) expect(l.enabled, l.zone).toBe(false);
    const active = new Set(buildCatalogue().map((l) => l.zone));
    for (const l of defunct) expect(active.has(l.zone), l.zone).toBe(false);
  });

  it("keeps at least 50 enabled IP lists, the big ones verified against their documentation", () => {
    const enabledIp = buildCatalogue().filter((l) => l.kind === "ip");
    expect(enabledIp.length).toBeGreaterThanOrEqual(50);
    for (const zone of [
      "zen.spamhaus.org",
      "b.barracudacentral.org",
      "bl.spamcop.net",
      "bl.mailspike.net",
      "dnsbl-1.uceprotect.net",
      "dbl.spamhaus.org",
      "multi.uribl.com",
      "multi.surbl.org",
    ]) {
      expect(DEFAULT_BLOCKLISTS.find((l) => l.zone === zone)?.verifiedAt, zone).toBeDefined();
    }
    // Lists that refuse unregistered or public resolvers say so, so a run of errors can be explained.
    for (const zone of ["zen.spamhaus.org", "dbl.spamhaus.org", "b.barracudacentral.org"])
      expect(DEFAULT_BLOCKLISTS.find((l) => l.zone === zone)?.access, zone).toBeDefined();
  });
});
