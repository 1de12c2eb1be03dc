/**
 * The SMTP greeting host names the probes saw on a sending IP, for the rDNS check: a PTR that differs
 * from the name the MTA announces (and, with Postfix/Exim defaults, uses in HELO) costs reputation.
 * Read-only over the probes' tables: the latest probe with a greeting per monitor whose dialled
 * address is the IP.
 */
import { type BannerObservation } from "@inboxwatch/deliverability/dns";

import { type OrgContext } from "../context.ts";

/** Probes run at least hourly; a week of history covers a paused monitor and bounds the partition scan. */
export const BANNER_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;

/** Addresses the probe may have recorded for `address`: IPv4 also as IPv4-mapped IPv6 (dual-stack sockets, RFC 4291 §2.5.5.2). */
function addressForms(address: string): string[] {
  return address.includes(":") ? [address] : [address, `::ffff:${address}`];
}

export async function listBannerObservations(ctx: OrgContext, input: { address: string; now?: Date }): Promise<BannerObservation[]> {
  const { address, now = new Date() } = input;
  const since = new Date(now.getTime() - BANNER_LOOKBACK_MS);
  // DISTINCT ON keeps the newest greeting per monitor; the join conditions repeat orgId so no row of
  // another organization can match even through a foreign key.
  const rows = await ctx.db.$queryRaw<{ hostname: string; port: number; server: string }[]>`
    SELECT DISTINCT ON (r."monitorId") r."result"->'banner'->>'hostname' AS hostname, m."port" AS port, s."hostname" AS server
    FROM "ProbeResult" r
    JOIN "Monitor" m ON m."id" = r."monitorId" AND m."orgId" = r."orgId"
    JOIN "MailServer" s ON s."id" = m."serverId" AND s."orgId" = m."orgId"
    WHERE r."orgId" = ${ctx.orgId} AND r."address" = ANY(${addressForms(address)}) AND r."time" >= ${since}
      AND r."result"->'banner'->>'hostname' IS NOT NULL
    ORDER BY r."monitorId", r."time" DESC`;
  return rows.map((r) => ({ hostname: r.hostname, port: r.port, server: r.server }));
}
