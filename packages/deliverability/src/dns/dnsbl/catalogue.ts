/**
 * The DNSBL catalogue: data in catalogue.json, overridable per organization (add a private list,
 * disable one, or use only given zones).
 */
import { z } from "zod";

import data from "./catalogue.json" with { type: "json" };

export interface Blocklist {
  zone: string;
  name: string;
  kind: "ip" | "domain";
  /** 1–10: how much a listing hurts delivery; drives the weighted severity. */
  weight: number;
  delistUrl: string;
  /** Return code → meaning; an answer not listed here but inside 127.0.0.0/8 is still a listing. */
  codes?: Record<string, string>;
  /** Return codes that mean an error (query refused, rate limited), never a listing. */
  errorCodes?: Record<string, string>;
  /** Return codes that mean "not listed" (e.g. allow-list answers). */
  notListed?: string[];
  /** The last octet is a bit set of reasons (SURBL multi). */
  bitmask?: boolean;
  /** The list answers IPv6 (nibble) queries. */
  ipv6?: boolean;
  enabled?: boolean;
  /** Why a built-in list is disabled (shut down, lists the world, not a reputation list). */
  defunct?: string;
  /** Registration, key or volume terms a querier must meet (Spamhaus DQS, Barracuda registration). */
  access?: string;
  /** Anything else an operator must know (delisting policy, special answers). */
  note?: string;
  /** The list's own documentation the entry was compared with. */
  source?: string;
  /** ISO date of that comparison; absent = not re-checked against the list's documentation. */
  verifiedAt?: string;
}

const ZCodes = z.record(z.string(), z.string());
/** The catalogue file's schema: parsed once at load, so a bad edit of catalogue.json fails at start, named. */
const ZCatalogue = z.object({
  lists: z.array(
    z.object({
      zone: z.string().min(1),
      name: z.string().min(1),
      kind: z.enum(["ip", "domain"]),
      weight: z.number().int().min(1).max(10),
      delistUrl: z.string(),
      codes: ZCodes.optional(),
      errorCodes: ZCodes.optional(),
      notListed: z.array(z.string()).optional(),
      bitmask: z.boolean().optional(),
      ipv6: z.boolean().optional(),
      enabled: z.boolean().optional(),
      defunct: z.string().optional(),
      access: z.string().optional(),
      note: z.string().optional(),
      source: z.string().optional(),
      verifiedAt: z.string().optional(),
    }) satisfies z.ZodType<Blocklist>,
  ),
});

export const DEFAULT_BLOCKLISTS: readonly Blocklist[] = ZCatalogue.parse(data).lists;

export interface CatalogueOverrides {
  /** Replace the catalogue by exactly these zones (known zones keep their metadata). */
  only?: string[];
  add?: Blocklist[];
  disable?: string[];
}

export function buildCatalogue(overrides: CatalogueOverrides = {}, base: readonly Blocklist[] = DEFAULT_BLOCKLISTS): Blocklist[] {
  const byZone = new Map(base.map((l) => [l.zone.toLowerCase(), l]));
  for (const l of overrides.add ?? []) byZone.set(l.zone.toLowerCase(), l);
  let lists = [...byZone.values()];
  if (overrides.only) {
    lists = overrides.only.map(
      (zone) =>
        byZone.get(zone.toLowerCase()) ?? {
          zone: zone.toLowerCase(),
          name: zone,
          kind: "ip" as const,
          weight: 5,
          delistUrl: "",
          ipv6: true,
        },
    );
  }
  const disabled = new Set((overrides.disable ?? []).map((z) => z.toLowerCase()));
  return lists.filter((l) => l.enabled !== false && !disabled.has(l.zone.toLowerCase()));
}
