/**
 * Each organization's view of the DNSBL catalogue: the built-in lists (DEFAULT_BLOCKLISTS) with the
 * organization's overrides applied — a built-in list disabled, or a private list added.
 */
import { z } from "zod";

import { type Blocklist, buildCatalogue, type CatalogueOverrides, DEFAULT_BLOCKLISTS } from "@inboxwatch/deliverability/dns";

import { recordAudit } from "../audit/record.ts";
import { type InTx, inTx, type OrgContext } from "../context.ts";
import { NotFoundError, ValidationError } from "../errors.ts";

/** A private list beyond this many per organization is almost certainly a script gone wrong. */
const MAX_PRIVATE_BLOCKLISTS = 50;

/** A DNS zone: labels of letters, digits and dashes (RFC 1035 §2.3.1), at least two of them. */
export const ZBlocklistZone = z
  .string()
  .trim()
  .toLowerCase()
  .max(200)
  .regex(
    /^(?=.{1,200}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    "Enter a DNS zone such as bl.example.net",
  );

export const ZAddBlocklist = z.object({
  zone: ZBlocklistZone,
  name: z.string().trim().min(1).max(80),
  kind: z.enum(["ip", "domain"]).default("ip"),
  weight: z.number().int().min(1).max(10).default(5),
  delistUrl: z.union([z.url({ protocol: /^https?$/ }), z.literal("")]).default(""),
});
export const ZSetBlocklistEnabled = z.object({ zone: ZBlocklistZone, enabled: z.boolean() });
export const ZRemoveBlocklist = z.object({ zone: ZBlocklistZone });

export interface CatalogueEntry extends Blocklist {
  /** Not in the built-in catalogue: added by this organization. */
  isPrivate: boolean;
  enabled: boolean;
}

const builtIn = new Map(DEFAULT_BLOCKLISTS.map((l) => [l.zone.toLowerCase(), l]));

type SettingRow = {
  zone: string;
  enabled: boolean;
  name: string | null;
  kind: "ip" | "domain" | null;
  weight: number | null;
  delistUrl: string | null;
};

function toOverrides(rows: SettingRow[]): CatalogueOverrides {
  const add: Blocklist[] = [];
  const disable: string[] = [];
  for (const r of rows) {
    if (!r.enabled) disable.push(r.zone);
    const base = builtIn.get(r.zone);
    if (base && r.weight === null) continue;
    add.push({
      ...(base ?? { kind: r.kind ?? "ip", ipv6: true }),
      zone: r.zone,
      name: r.name ?? base?.name ?? r.zone,
      weight: r.weight ?? base?.weight ?? 5,
      delistUrl: r.delistUrl ?? base?.delistUrl ?? "",
    });
  }
  return { add, disable };
}

/** The overrides the engine takes (`checkDomain`/`checkIp` `dnsbl` option) for one organization. */
export async function getCatalogueOverrides(ctx: Pick<InTx<OrgContext>, "db" | "orgId">): Promise<CatalogueOverrides> {
  const rows = await ctx.db.blocklistSetting.findMany({
    where: { orgId: ctx.orgId },
    select: { zone: true, enabled: true, name: true, kind: true, weight: true, delistUrl: true },
  });
  return toOverrides(rows);
}

/** Every list the organization sees: built-in and private, enabled or not. */
export async function listBlocklists(ctx: OrgContext): Promise<CatalogueEntry[]> {
  const overrides = await getCatalogueOverrides(ctx);
  const disabled = new Set(overrides.disable);
  const all = buildCatalogue({ add: overrides.add ?? [] });
  return all
    .map((l) => ({ ...l, isPrivate: !builtIn.has(l.zone.toLowerCase()), enabled: !disabled.has(l.zone.toLowerCase()) }))
    .sort(
      (a, b) =>
        Number(b.isPrivate) - Number(a.isPrivate) || a.kind.localeCompare(b.kind) || b.weight - a.weight || a.zone.localeCompare(b.zone),
    );
}

export async function addBlocklist(ctx: OrgContext, input: z.input<typeof ZAddBlocklist>) {
  const data = ZAddBlocklist.parse(input);
  if (builtIn.has(data.zone)) throw new ValidationError(`${data.zone} is already in the built-in catalogue; enable or disable it instead`);
  return ctx.db.$transaction(async (tx) => {
    const count = await tx.blocklistSetting.count({ where: { orgId: ctx.orgId, name: { not: null } } });
    if (count >= MAX_PRIVATE_BLOCKLISTS) throw new ValidationError(`At most ${MAX_PRIVATE_BLOCKLISTS} private blocklists per organization`);
    const values = { enabled: true, name: data.name, kind: data.kind, weight: data.weight, delistUrl: data.delistUrl };
    await tx.blocklistSetting.upsert({
      where: { orgId_zone: { orgId: ctx.orgId, zone: data.zone } },
      create: { orgId: ctx.orgId, zone: data.zone, ...values },
      update: values,
    });
    await recordAudit(inTx(ctx, tx), {
      action: "blocklist.add",
      targetType: "BlocklistSetting",
      targetId: data.zone,
      metadata: { zone: data.zone, name: data.name, kind: data.kind, weight: data.weight },
    });
    return { zone: data.zone };
  });
}

export async function setBlocklistEnabled(ctx: OrgContext, input: z.input<typeof ZSetBlocklistEnabled>) {
  const data = ZSetBlocklistEnabled.parse(input);
  // A list that shut down answers nothing useful (or, with an expired domain, lists every IP).
  const defunct = builtIn.get(data.zone)?.defunct;
  if (data.enabled && defunct) throw new ValidationError(`${data.zone} is retired from the catalogue: ${defunct}`);
  return ctx.db.$transaction(async (tx) => {
    const existing = await tx.blocklistSetting.findFirst({ where: { orgId: ctx.orgId, zone: data.zone }, select: { id: true } });
    if (!existing && !builtIn.has(data.zone)) throw new NotFoundError("Blocklist");
    if (existing) await tx.blocklistSetting.update({ where: { id: existing.id, orgId: ctx.orgId }, data: { enabled: data.enabled } });
    else await tx.blocklistSetting.create({ data: { orgId: ctx.orgId, zone: data.zone, enabled: data.enabled } });
    await recordAudit(inTx(ctx, tx), {
      action: data.enabled ? "blocklist.enable" : "blocklist.disable",
      targetType: "BlocklistSetting",
      targetId: data.zone,
      metadata: { zone: data.zone },
    });
    return { zone: data.zone, enabled: data.enabled };
  });
}

/** Removes a private list, or resets a built-in one to the catalogue's defaults. */
export async function removeBlocklist(ctx: OrgContext, input: z.input<typeof ZRemoveBlocklist>) {
  const data = ZRemoveBlocklist.parse(input);
  return ctx.db.$transaction(async (tx) => {
    const existing = await tx.blocklistSetting.findFirst({ where: { orgId: ctx.orgId, zone: data.zone }, select: { id: true } });
    if (!existing) throw new NotFoundError("Blocklist");
    await tx.blocklistSetting.delete({ where: { id: existing.id, orgId: ctx.orgId } });
    await recordAudit(inTx(ctx, tx), {
      action: "blocklist.remove",
      targetType: "BlocklistSetting",
      targetId: data.zone,
      metadata: { zone: data.zone },
    });
    return { removed: true };
  });
}
