/**
 * What a customer needs to point reports at the platform: the organization's intake addresses and,
 * for DMARC reports sent to another domain than their own, the external-destination authorization
 * record (RFC 7489 §7.1) that must exist under OUR domain.
 */
import { type OrgContext } from "../context.ts";
import { servicesEnv } from "../env.ts";
import { NotFoundError } from "../errors.ts";

export async function reportSetup(ctx: OrgContext) {
  const org = await ctx.db.organization.findUnique({ where: { id: ctx.orgId }, select: { ingestToken: true } });
  if (!org) throw new NotFoundError("Organization");
  const domains = await ctx.db.sendingDomain.findMany({
    where: { orgId: ctx.orgId },
    select: { domain: true },
    orderBy: { domain: "asc" },
  });
  const host = servicesEnv().REPORT_INBOUND_DOMAIN;
  const address = (purpose: string) => `${purpose}+${org.ingestToken}@${host}`;
  return {
    inboundDomain: host,
    addresses: { dmarc: address("dmarc"), tlsrpt: address("tlsrpt"), fbl: address("fbl"), bounces: address("bounces") },
    /** `<customer-domain>._report._dmarc.<our domain> TXT "v=DMARC1"` per sending domain. */
    authorizationRecords: domains.map((d) => ({ domain: d.domain, name: `${d.domain}._report._dmarc.${host}`, value: "v=DMARC1" })),
    examples: {
      dmarc: `v=DMARC1; p=none; rua=mailto:${address("dmarc")}; ruf=mailto:${address("dmarc")}; fo=1`,
      tlsrpt: `v=TLSRPTv1; rua=mailto:${address("tlsrpt")}`,
    },
  };
}
