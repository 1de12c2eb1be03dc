import zlib from "node:zlib";

import { describe, expect, it } from "vitest";

import { SYNC_DRY_RUN_MAX_INPUT_BYTES } from "./inflated-size.ts";
import { dedupKey, parseReport } from "./parse-report.ts";
import { type DmarcRecord } from "./types.ts";
import { DoctypeGuard } from "./xml-guard.ts";

const report = (inner: string, root = "feedback") =>
  `<?xml version="1.0"?><${root}><report_metadata><org_name>Example</org_name><email>r@example.org</email><report_id>42</report_id>` +
  `<date_range><begin> 1700000000 </begin><end>1700086399</end></date_range></report_metadata>` +
  `<policy_published><domain>example.com</domain><p>REJECT</p><pct>50</pct></policy_published>${inner}</${root.split(" ")[0]}>`;
const record = (ip: string, n: number) =>
  `<record><row><source_ip>${ip}</source_ip><count>${n}</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf>` +
  `<reason><type>Forwarded</type><comment>list</comment></reason></policy_evaluated></row><identifiers><header_from>example.com</header_from>` +
  `<envelope_to>example.net</envelope_to></identifiers><auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>pass</result>` +
  `<human_result>good</human_result></dkim><spf><domain>bounce.example.com</domain><scope>mfrom</scope><result>softfail</result></spf></auth_results></record>`;

describe("parseReport", () => {
  it("normalizes a DMARC aggregate report", async () => {
    const r = await parseReport(Buffer.from(report(record("192.0.2.1", 3))));
    if (!r.ok || r.kind !== "dmarc_aggregate") throw new Error("not parsed");
    expect(r.report.dateRange.begin.toISOString()).toBe("2023-11-14T22:13:20.000Z");
    expect(r.report.policyPublished).toMatchObject({ domain: "example.com", p: "reject", pct: 50, sp: null });
    expect(r.report.records[0]).toEqual<DmarcRecord>({
      sourceIp: "192.0.2.1",
      count: 3,
      policyEvaluated: { disposition: "none", dkim: "pass", spf: "fail", reasons: [{ type: "forwarded", comment: "list" }] },
      identifiers: { headerFrom: "example.com", envelopeFrom: null, envelopeTo: "example.net" },
      authResults: {
        dkim: [{ domain: "example.com", selector: "s1", result: "pass", humanResult: "good" }],
        spf: [{ domain: "bounce.example.com", scope: "mfrom", result: "softfail", humanResult: null }],
      },
    });
  });

  it("reads namespaced, prefixed and wrapped reports alike", async () => {
    const prefixed = report(record("192.0.2.1", 1), 'd:feedback xmlns:d="urn:ietf:params:xml:ns:dmarc-2.0"').replace(
      /<(\/?)(?!\?|d:)([a-z_]+)/g,
      "<$1d:$2",
    );
    const wrapped = `<reports>${report(record("192.0.2.1", 1)).replace('<?xml version="1.0"?>', "")}</reports>`;
    for (const xml of [prefixed, wrapped]) {
      const r = await parseReport(Buffer.from(xml));
      expect(r.ok && r.kind === "dmarc_aggregate" && r.report.records[0]?.sourceIp).toBe("192.0.2.1");
    }
  });

  it("streams records to onDmarcRecord instead of collecting them", async () => {
    const seen: string[] = [];
    const r = await parseReport(zlib.gzipSync(report(record("192.0.2.1", 2) + record("2001:db8::1", 5))), {
      onDmarcRecord: (rec) => seen.push(rec.sourceIp ?? ""),
    });
    if (!r.ok || r.kind !== "dmarc_aggregate") throw new Error("not parsed");
    expect(seen).toEqual(["192.0.2.1", "2001:db8::1"]);
    expect([r.report.records.length, r.report.recordCount, r.report.messageCount]).toEqual([0, 2, 7]);
  });

  it("names the reason for every refusal", async () => {
    const cases: [string | Buffer, string][] = [
      ["", "malformed"],
      ["<html><body>hi</body></html>", "unsupported"],
      ['{"hello": "world"}', "unsupported"],
      ["{not json", "malformed"],
      ["From: a@example.com\r\nSubject: hi\r\n\r\njust a message\r\n", "unsupported"],
      [report("").replace("<report_id>42</report_id>", ""), "malformed"],
      [Buffer.from([0x00, 0x01, 0x02, 0x03]), "unsupported"],
    ];
    for (const [input, reason] of cases) {
      const r = await parseReport(Buffer.from(input));
      expect(r.ok ? "accepted" : r.reason, String(input).slice(0, 40)).toBe(reason);
    }
  });
});

describe("the dry run on small gzip input (one synchronous inflate)", () => {
  it("refuses a small gzip that inflates past the cap as a bomb", async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024));
    expect(bomb.length).toBeLessThanOrEqual(SYNC_DRY_RUN_MAX_INPUT_BYTES);
    expect(await parseReport(bomb, { limits: { maxInflatedBytes: 1024 * 1024 } })).toMatchObject({ ok: false, reason: "bomb" });
  });

  it("measures a nested gzip layer too", async () => {
    const nested = zlib.gzipSync(zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024)));
    expect(await parseReport(nested, { limits: { maxInflatedBytes: 1024 * 1024 } })).toMatchObject({ ok: false, reason: "bomb" });
  });

  it("leaves a truncated small gzip to the parsing pass, which rejects it with its reason", async () => {
    const whole = zlib.gzipSync(Buffer.from("<feedback><report_metadata></report_metadata></feedback>"));
    const r = await parseReport(whole.subarray(0, whole.length - 12));
    expect(r.ok).toBe(false);
  });
});

describe("dedupKey", () => {
  it("identifies an aggregate report by reporter, report id and date range", async () => {
    const a = await parseReport(Buffer.from(report("")));
    const sameAgain = await parseReport(zlib.gzipSync(report("")));
    const otherRange = await parseReport(Buffer.from(report("").replace("1700086399", "1700172799")));
    if (!a.ok || !sameAgain.ok || !otherRange.ok) throw new Error("not parsed");
    expect(dedupKey(a)).toMatchObject({ kind: "dmarc_aggregate", reporterOrg: "example", reportId: "42" });
    expect(dedupKey(sameAgain).key).toBe(dedupKey(a).key);
    // Reporters reuse report ids across ranges.
    expect(dedupKey(otherRange).key).not.toBe(dedupKey(a).key);
  });
});

describe("DoctypeGuard", () => {
  it("sees a declaration split across chunks", () => {
    const guard = new DoctypeGuard();
    guard.check("<?xml version='1.0'?><!DOC");
    expect(() => guard.check("TYPE x>")).toThrow(/DOCTYPE/);
  });

  it("lets comments and CDATA through", () => {
    expect(() => new DoctypeGuard().check("<!-- a --><x><![CDATA[1]]></x>")).not.toThrow();
  });
});
