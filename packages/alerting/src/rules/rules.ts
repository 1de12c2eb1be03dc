/**
 * Alert rules: the definition is a ZAlertRuleDraft validated here and stored as JSON, mirrored in typed
 * columns for lists; `state` is the evaluator's memory and is reset whenever the definition changes.
 */
import { z } from "zod";

import { Prisma, type Tx } from "@inboxwatch/db";
import { inTx, type InTx, jsonInput, NotFoundError, type OrgContext, readJson, ValidationError } from "@inboxwatch/services";
import { recordAudit } from "@inboxwatch/services/audit";

import { type TAlertRule, type TAlertRuleDraft, ZAlertRuleDraft, presetAlertRules } from "../engine/index.ts";
import { activeMaintenanceLookup } from "./maintenance.ts";
import { assertScopeInOrg } from "./scope.ts";

/** Rules per organization: the evaluator runs every one each minute. */
export const ALERT_RULES_MAX_PER_ORG = 500;

export const ZUpdateRule = z.object({ id: z.string().min(1).max(40), draft: ZAlertRuleDraft });

const ruleSelect = {
  id: true,
  name: true,
  kind: true,
  severity: true,
  enabled: true,
  scopeType: true,
  scopeId: true,
  presetKey: true,
  definition: true,
  lastEvaluatedAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.AlertRuleSelect;

type RuleRow = Prisma.AlertRuleGetPayload<{ select: typeof ruleSelect }>;

/** The stored row as the evaluator's rule (the definition was validated when written). */
export function toAlertRule(row: { id: string; definition: unknown; enabled: boolean }): TAlertRule {
  return { ...(row.definition as TAlertRuleDraft), enabled: row.enabled, id: row.id };
}

function columns(draft: TAlertRuleDraft) {
  return {
    name: draft.name,
    kind: draft.condition.kind,
    severity: draft.severity,
    enabled: draft.enabled,
    scopeType: draft.scope.type,
    scopeId: draft.scope.type === "organization" ? null : draft.scope.id,
    definition: jsonInput(draft),
  };
}

function present(row: RuleRow) {
  return { ...row, definition: readJson(ZAlertRuleDraft, row.definition, `AlertRule ${row.id}.definition`) };
}

/** Inserts the built-in presets once (skipped when already there, by the (orgId, presetKey) key). */
export async function seedPresetRules(ctx: InTx<OrgContext>): Promise<number> {
  const created = await ctx.db.alertRule.createMany({
    data: presetAlertRules().map((d) => ({ orgId: ctx.orgId, presetKey: d.presetKey ?? null, ...columns(d) })),
    skipDuplicates: true,
  });
  return created.count;
}

export async function listRules(ctx: OrgContext) {
  const [rows, mutedBy] = await Promise.all([
    ctx.db.alertRule.findMany({ where: { orgId: ctx.orgId }, select: ruleSelect, orderBy: [{ severity: "asc" }, { name: "asc" }] }),
    activeMaintenanceLookup(ctx),
  ]);
  return rows.map((r) => ({ ...present(r), mutedBy: mutedBy(r) }));
}

export async function getRule(ctx: OrgContext, input: { id: string }) {
  const row = await ctx.db.alertRule.findFirst({ where: { id: input.id, orgId: ctx.orgId }, select: ruleSelect });
  if (!row) throw new NotFoundError("Rule");
  return present(row);
}

/**
 * Channel ids must name this organization's channels: a rule never notifies another tenant's channel.
 * A foreign id is NotFound, like every other foreign id (not a validation message that confirms it exists).
 */
async function assertChannels(tx: Tx, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  const found = await tx.alertChannel.count({ where: { orgId, id: { in: [...new Set(ids)] } } });
  if (found !== new Set(ids).size) throw new NotFoundError("Channel");
}

export async function createRule(ctx: OrgContext, input: z.input<typeof ZAlertRuleDraft>) {
  const draft = ZAlertRuleDraft.parse(input);
  await assertScopeInOrg(ctx, draft.scope);
  return ctx.db.$transaction(async (tx) => {
    if ((await tx.alertRule.count({ where: { orgId: ctx.orgId } })) >= ALERT_RULES_MAX_PER_ORG)
      throw new ValidationError(`At most ${ALERT_RULES_MAX_PER_ORG} rules per organization`);
    await assertChannels(tx, ctx.orgId, draft.channelIds);
    // A user-created rule is never a preset, whatever the draft says: presetKey is unique per org.
    const row = await tx.alertRule.create({
      data: { orgId: ctx.orgId, presetKey: null, ...columns({ ...draft, presetKey: undefined }) },
      select: ruleSelect,
    });
    await recordAudit(inTx(ctx, tx), {
      action: "alerts.rule.create",
      targetType: "AlertRule",
      targetId: row.id,
      metadata: { name: row.name, kind: row.kind },
    });
    return present(row);
  });
}

export async function updateRule(ctx: OrgContext, input: z.input<typeof ZUpdateRule>) {
  const { id, draft } = ZUpdateRule.parse(input);
  const current = await getRule(ctx, { id });
  await assertScopeInOrg(ctx, draft.scope);
  return ctx.db.$transaction(async (tx) => {
    await assertChannels(tx, ctx.orgId, draft.channelIds);
    const next = { ...draft, presetKey: current.presetKey ?? undefined };
    // A changed definition invalidates the debounce and flapping memory.
    const row = await tx.alertRule.update({
      where: { id: current.id, orgId: ctx.orgId },
      data: { ...columns(next), state: Prisma.DbNull },
      select: ruleSelect,
    });
    await recordAudit(inTx(ctx, tx), {
      action: "alerts.rule.update",
      targetType: "AlertRule",
      targetId: row.id,
      metadata: { name: row.name },
    });
    return present(row);
  });
}

export async function setRuleEnabled(ctx: OrgContext, input: { id: string; enabled: boolean }) {
  const current = await getRule(ctx, input);
  return ctx.db.$transaction(async (tx) => {
    const definition = jsonInput({ ...current.definition, enabled: input.enabled });
    const row = await tx.alertRule.update({
      where: { id: current.id, orgId: ctx.orgId },
      data: { enabled: input.enabled, definition },
      select: ruleSelect,
    });
    await recordAudit(inTx(ctx, tx), {
      action: input.enabled ? "alerts.rule.enable" : "alerts.rule.disable",
      targetType: "AlertRule",
      targetId: row.id,
      metadata: { name: row.name },
    });
    return present(row);
  });
}

export async function removeRule(ctx: OrgContext, input: { id: string }) {
  const current = await getRule(ctx, input);
  await ctx.db.$transaction(async (tx) => {
    await tx.alertRule.delete({ where: { id: current.id, orgId: ctx.orgId } });
    await recordAudit(inTx(ctx, tx), {
      action: "alerts.rule.remove",
      targetType: "AlertRule",
      targetId: current.id,
      metadata: { name: current.name },
    });
  });
  return { id: current.id };
}
