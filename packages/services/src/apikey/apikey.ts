import { z } from "zod";

import { recordAudit } from "../audit/record.ts";
import { inTx, type Actor, type OrgContext, type SystemContext } from "../context.ts";
import { randomToken, sha256Hex } from "../crypto/tokens.ts";
import { NotFoundError, UnauthorizedError } from "../errors.ts";
import { API_KEY_SCOPES, type TApiKeyScope } from "../permissions.ts";

/** Keys look like "iw_<8 visible chars>_<secret>": the prefix identifies a key in lists and logs without revealing it. */
const KEY_PREFIX = "iw_";
const VISIBLE_PREFIX_LENGTH = 8;
/** lastUsedAt is informational; writing it on every request would turn each API read into a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const ZCreateApiKey = z.object({
  name: z.string().trim().min(1, "Name the key after what uses it").max(80),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, "Choose at least one scope").max(API_KEY_SCOPES.length),
});

const listSelect = { id: true, name: true, prefix: true, scopes: true, lastUsedAt: true, revokedAt: true, createdAt: true } as const;

export async function createApiKey(ctx: OrgContext, input: z.input<typeof ZCreateApiKey>) {
  const data = ZCreateApiKey.parse(input);
  const visible = randomToken(6).replace(/[-_]/g, "x").slice(0, VISIBLE_PREFIX_LENGTH);
  const key = `${KEY_PREFIX}${visible}_${randomToken(24)}`;
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        orgId: ctx.orgId,
        name: data.name,
        prefix: `${KEY_PREFIX}${visible}`,
        keyHash: sha256Hex(key),
        scopes: [...new Set(data.scopes)],
        createdById: ctx.actor.type === "USER" ? ctx.actor.userId : null,
      },
      select: listSelect,
    });
    await recordAudit(inTx(ctx, tx), {
      action: "apikey.create",
      targetType: "ApiKey",
      targetId: row.id,
      metadata: { name: row.name, prefix: row.prefix, scopes: row.scopes },
    });
    // The only time the full key leaves the server.
    return { ...row, key };
  });
}

export async function listApiKeys(ctx: OrgContext) {
  return ctx.db.apiKey.findMany({ where: { orgId: ctx.orgId }, select: listSelect, orderBy: { createdAt: "desc" } });
}

export async function revokeApiKey(ctx: OrgContext, input: { id: string }) {
  const key = await ctx.db.apiKey.findFirst({ where: { id: input.id, orgId: ctx.orgId, revokedAt: null } });
  if (!key) throw new NotFoundError("API key");
  await ctx.db.$transaction(async (tx) => {
    await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    await recordAudit(inTx(ctx, tx), {
      action: "apikey.revoke",
      targetType: "ApiKey",
      targetId: key.id,
      metadata: { name: key.name, prefix: key.prefix },
    });
  });
  return { revoked: true };
}

export interface ApiKeyPrincipal {
  orgId: string;
  apiKeyId: string;
  scopes: TApiKeyScope[];
  actor: Actor;
}

/** Resolves a bearer key to its organization. Revocation is effective at once: every request reads the row. */
export async function authenticateApiKey(ctx: SystemContext, input: { presented: string | null | undefined }): Promise<ApiKeyPrincipal> {
  const { presented } = input;
  const { db } = ctx;
  if (!presented || !presented.startsWith(KEY_PREFIX) || presented.length > 200)
    throw new UnauthorizedError("Missing or malformed API key");
  const key = await db.apiKey.findUnique({ where: { keyHash: sha256Hex(presented) } });
  if (!key || key.revokedAt) throw new UnauthorizedError("Invalid or revoked API key");
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
  }
  return {
    orgId: key.orgId,
    apiKeyId: key.id,
    scopes: key.scopes.filter((s): s is TApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(s)),
    actor: { type: "API_KEY", apiKeyId: key.id, label: `${key.name} (${key.prefix}…)` },
  };
}
