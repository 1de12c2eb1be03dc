/** The benchmark's zone: the test fixtures plus 1,000 generated domains (shared by the parent and the server process). */
import { checkFixtures, type TestZone } from "../../packages/deliverability/src/dns/testing/index.ts";

export const DOMAINS = 1_000;

export function benchZone(): TestZone {
  const zone: TestZone = { ...checkFixtures().zone };
  for (let i = 0; i < DOMAINS; i++) {
    const d = `d${i}.bench.test`;
    zone[d] = { MX: [{ preference: 10, exchange: `mx.${d}` }], TXT: [`v=spf1 ip4:192.0.2.${i % 250}/32 include:_spf.provider.test -all`] };
    zone[`mx.${d}`] = { A: [`192.0.2.${i % 250}`] };
    zone[`_dmarc.${d}`] = { TXT: [`v=DMARC1; p=${i % 3 === 0 ? "none" : "reject"}; rua=mailto:dmarc@${d}`] };
    zone[`_smtp._tls.${d}`] = { TXT: [`v=TLSRPTv1; rua=mailto:tls@${d}`] };
  }
  return zone;
}
