/**
 * Notification channels of an organization: create/edit/remove, webhook secret rotation, "send test"
 * (a real notification through the delivery job) and the per-channel delivery log. Secrets are write-only:
 * the API returns hints, and a generated webhook secret exactly once.
 */
import { z } from "zod";

import { type Prisma } from "@inboxwatch/db";
import { sendJob } from "@inboxwatch/jobs";
import { ConflictError, isUniqueViolation, NotFoundError, inTx, type OrgContext, ValidationError } from "@inboxwatch/services";
import { recordAudit } from "@inboxwatch/services/audit";

import {
  CHANNEL_KINDS,
  WEBHOOK_MAX_ACTIVE_SECRETS,
  ZAlertSeverity,
  buildTestNotification,
  generateWebhookSecret,
} from "../engine/index.ts";
import { openChannelConfig, sealSecret, splitChannelConfig } from "./channel-config.ts";
import { assertChannelTargetAllowed } from "./channel-target.ts";
import { incidentUrl, newNotificationId } from "./links.ts";

/** Delivery log rows returned per channel page. */
export const CHANNEL_LOG_MAX_ROWS = 100;

const ZRouting = z.object({
  enabled: z.boolean(),
  minSeverity: ZAlertSeverity,
  digestSeverities: z.array(ZAlertSeverity).max(3),
  digestInterval: z.enum(["hourly", "daily"]),
});

export const ZCreateChannel = z.object({
  enabled: ZRouting.shape.enabled.default(true),
  minSeverity: ZRouting.shape.minSeverity.default("info"),
  digestSeverities: ZRouting.shape.digestSeverities.default([]),
  digestInterval: ZRouting.shape.digestInterval.default("hourly"),
  kind: z.enum(CHANNEL_KINDS),
  name: z.string().trim().min(1).max(100),
  /** The plug-in's configuration. Webhook: { url } only — its signing secret is generated here. */
  config: z.record(z.string(), z.unknown()),
});
// No defaults here: zod 4 applies a default inside .partial(), which would reset omitted fields.
export const ZUpdateChannel = ZRouting.partial().extend({
  id: z.string().min(1).max(40),
  name: z.string().trim().min(1).max(100).optional(),
  /** Replaces the configuration (secrets included); omitted keeps it. Webhook: { url } keeps the secrets. */
  config: z.record(z.string(), z.unknown()).optional(),
});

const publicSelect = {
  id: true,
  kind: true,
  name: true,
  config: true,
  enabled: true,
  minSeverity: true,
  digestSeverities: true,
  digestInterval: true,
  lastDigestAt: true,
  status: true,
  consecutiveFailures: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.AlertChannelSelect;

/**
 * The channels with their last successful delivery: `status` starts as "healthy" on a new row, so a
 * channel that never delivered anything must not be shown as healthy — the UI says "not used yet" (or
 * "not delivered yet" after failures) until `lastDeliveredAt` is set.
 */
export async function listChannels(ctx: OrgContext) {
  const [rows, delivered] = await Promise.all([
    ctx.db.alertChannel.findMany({ where: { orgId: ctx.orgId }, select: publicSelect, orderBy: { name: "asc" } }),
    ctx.db.notification.groupBy({
      by: ["channelId"],
      where: { orgId: ctx.orgId, deliveredAt: { not: null } },
      _max: { deliveredAt: true },
    }),
  ]);
  const last = new Map(delivered.map((d) => [d.channelId, d._max.deliveredAt]));
  return rows.map((row) => ({ ...row, lastDeliveredAt: last.get(row.id) ?? null }));
}

export async function getChannel(ctx: OrgContext, input: { id: string }) {
  const row = await ctx.db.alertChannel.findFirst({ where: { id: input.id, orgId: ctx.orgId }, select: publicSelect });
  if (!row) throw new NotFoundError("Channel");
  return row;
}

function duplicate(name: string) {
  return new ConflictError(`A channel named "${name}" already exists`);
}

/** Creates a channel. For a webhook the signing secret is generated and returned here, once. */
/** PagerDuty pages per incident (dedup key): a digest of many has no meaning there (alerts/channels/digest.ts). */
function assertDigestable(kind: string, digestSeverities: readonly string[] | undefined) {
  if (kind === "pagerduty" && digestSeverities && digestSeverities.length > 0)
    throw new ValidationError("PagerDuty channels take no digests: lower their minimum severity instead");
}

export async function createChannel(ctx: OrgContext, input: z.input<typeof ZCreateChannel>) {
  const data = ZCreateChannel.parse(input);
  assertDigestable(data.kind, data.digestSeverities);
  const generated = data.kind === "webhook" ? generateWebhookSecret() : null;
  const raw = generated ? { ...data.config, secrets: [generated] } : data.config;
  const { publicConfig, secret } = splitChannelConfig(data.kind, raw);
  await assertChannelTargetAllowed(data.kind, raw);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.alertChannel.create({
        data: {
          orgId: ctx.orgId,
          kind: data.kind,
          name: data.name,
          config: publicConfig as Prisma.InputJsonObject,
          secretEnc: sealSecret(secret, ctx.orgId),
          enabled: data.enabled,
          minSeverity: data.minSeverity,
          digestSeverities: data.digestSeverities,
          digestInterval: data.digestInterval,
        },
        select: publicSelect,
      });
      await recordAudit(inTx(ctx, tx), {
        action: "alerts.channel.create",
        targetType: "AlertChannel",
        targetId: row.id,
        metadata: { kind: row.kind, name: row.name },
      });
      return { channel: row, webhookSecret: generated };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(data.name);
    throw err;
  }
}

async function getChannelFull(ctx: OrgContext, id: string) {
  const row = await ctx.db.alertChannel.findFirst({ where: { id, orgId: ctx.orgId } });
  if (!row) throw new NotFoundError("Channel");
  return row;
}

export async function updateChannel(ctx: OrgContext, input: z.input<typeof ZUpdateChannel>) {
  const { id, config, ...fields } = ZUpdateChannel.parse(input);
  const current = await getChannelFull(ctx, id);
  assertDigestable(current.kind, fields.digestSeverities);
  let sealed: { config: Prisma.InputJsonObject; secretEnc: string | null } | undefined;
  if (config !== undefined) {
    // A webhook keeps its secrets when only the URL changes; other kinds get the whole config anew.
    const raw = current.kind === "webhook" ? { ...config, secrets: openChannelConfig(current).secrets } : config;
    const { publicConfig, secret } = splitChannelConfig(current.kind, raw);
    await assertChannelTargetAllowed(current.kind, raw);
    sealed = { config: publicConfig as Prisma.InputJsonObject, secretEnc: sealSecret(secret, ctx.orgId) };
  }
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.alertChannel.update({
        where: { id: current.id, orgId: ctx.orgId },
        // A changed configuration gets a fresh start: the failing streak was about the old one.
        data: { ...fields, ...(sealed ? { ...sealed, status: "healthy", consecutiveFailures: 0, failingNotifiedAt: null } : {}) },
        select: publicSelect,
      });
      const changed = Object.keys(fields).concat(config !== undefined ? ["config"] : []);
      await recordAudit(inTx(ctx, tx), {
        action: "alerts.channel.update",
        targetType: "AlertChannel",
        targetId: row.id,
        metadata: { name: row.name, changed },
      });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(fields.name ?? current.name);
    throw err;
  }
}

/**
 * Rotates a webhook's signing secret: the new one signs first and the previous stays active, so a
 * receiver verifying with either passes until its owner switches (Standard Webhooks multi-signature).
 */
export async function rotateWebhookSecret(ctx: OrgContext, input: { id: string }) {
  const current = await getChannelFull(ctx, input.id);
  if (current.kind !== "webhook") throw new ValidationError("Only webhook channels have a signing secret");
  const previous = (openChannelConfig(current).secrets as string[] | undefined) ?? [];
  const fresh = generateWebhookSecret();
  // Keep the newest two: the one receivers use today and the new one; older ones stop verifying.
  const secrets = [fresh, ...previous].slice(0, Math.min(2, WEBHOOK_MAX_ACTIVE_SECRETS));
  await ctx.db.$transaction(async (tx) => {
    await tx.alertChannel.update({ where: { id: current.id, orgId: ctx.orgId }, data: { secretEnc: sealSecret({ secrets }, ctx.orgId) } });
    await recordAudit(inTx(ctx, tx), {
      action: "alerts.channel.rotate-secret",
      targetType: "AlertChannel",
      targetId: current.id,
      metadata: { name: current.name },
    });
  });
  return { webhookSecret: fresh };
}

export async function removeChannel(ctx: OrgContext, input: { id: string }) {
  const current = await getChannel(ctx, input);
  await ctx.db.$transaction(async (tx) => {
    await tx.alertChannel.delete({ where: { id: current.id, orgId: ctx.orgId } });
    await recordAudit(inTx(ctx, tx), {
      action: "alerts.channel.remove",
      targetType: "AlertChannel",
      targetId: current.id,
      metadata: { name: current.name },
    });
  });
  return { id: current.id };
}

/** "Send test": a Notification row and its delivery job in one transaction; the result shows in the log. */
export async function sendTestNotification(ctx: OrgContext, input: { id: string }) {
  const channel = await getChannel(ctx, input);
  const org = await ctx.db.organization.findFirstOrThrow({ where: { id: ctx.orgId }, select: { slug: true } });
  const id = newNotificationId();
  const payload = buildTestNotification({ id, orgId: ctx.orgId, url: incidentUrl(org.slug, null), now: Date.now() });
  await ctx.db.$transaction(async (tx) => {
    await tx.notification.create({ data: { id, orgId: ctx.orgId, channelId: channel.id, event: "test", payload } });
    await recordAudit(inTx(ctx, tx), {
      action: "alerts.channel.test",
      targetType: "AlertChannel",
      targetId: channel.id,
      metadata: { name: channel.name },
    });
    await sendJob("alerts.deliver", { notificationId: id }, { tx });
  });
  return { notificationId: id };
}

const deliverySelect = {
  id: true,
  incidentId: true,
  channelId: true,
  event: true,
  status: true,
  attempts: true,
  lastStatusCode: true,
  lastError: true,
  nextAttemptAt: true,
  deliveredAt: true,
  createdAt: true,
  deliveryAttempts: {
    select: { attempt: true, at: true, outcome: true, statusCode: true, durationMs: true, reason: true, detail: true },
    orderBy: { attempt: "asc" },
  },
} as const satisfies Prisma.NotificationSelect;

/** The delivery log of one channel (newest first) or of one incident. */
export async function listDeliveries(ctx: OrgContext, input: { channelId?: string; incidentId?: string; notificationId?: string }) {
  return ctx.db.notification.findMany({
    where: {
      orgId: ctx.orgId,
      ...(input.channelId ? { channelId: input.channelId } : {}),
      ...(input.incidentId ? { incidentId: input.incidentId } : {}),
      ...(input.notificationId ? { id: input.notificationId } : {}),
    },
    select: { ...deliverySelect, channel: { select: { name: true, kind: true } } },
    orderBy: { createdAt: "desc" },
    take: CHANNEL_LOG_MAX_ROWS,
  });
}
