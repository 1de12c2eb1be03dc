/**
 * An organization's ESP event webhooks: created with the provider's verification secret (SendGrid's
 * public key, Mailgun's signing key) or with Basic credentials we generate (Postmark, SparkPost, shown
 * once), listed without secrets, removed. Receiving is esp-webhook-receive.ts.
 */
import { randomBytes } from "node:crypto";

import { z } from "zod";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext } from "../context.ts";
import { encryptSecret } from "../crypto/secret-box.ts";
import { NotFoundError } from "../errors.ts";

export const ESP_PROVIDERS = ["sendgrid", "mailgun", "postmark", "ses", "sparkpost"] as const;
export type EspProvider = (typeof ESP_PROVIDERS)[number];

export const ZCreateEspWebhook = z.discriminatedUnion("provider", [
  z.object({
    provider: z.literal("sendgrid"),
    label: z.string().trim().min(1).max(80),
    verificationKey: z
      .string()
      .trim()
      .min(40, "Paste the verification key from SendGrid → Mail Settings → Event Webhook → Signature Verification")
      .max(400),
  }),
  z.object({
    provider: z.literal("mailgun"),
    label: z.string().trim().min(1).max(80),
    signingKey: z.string().trim().min(16, "Paste the HTTP webhook signing key from Mailgun → Sending → Webhooks").max(200),
  }),
  z.object({ provider: z.literal("postmark"), label: z.string().trim().min(1).max(80) }),
  z.object({ provider: z.literal("sparkpost"), label: z.string().trim().min(1).max(80) }),
  z.object({
    provider: z.literal("ses"),
    label: z.string().trim().min(1).max(80),
    snsTopicArn: z
      .string()
      .trim()
      .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, "An SNS topic ARN: arn:aws:sns:<region>:<account>:<topic>"),
  }),
]);

const listSelect = {
  id: true,
  provider: true,
  label: true,
  basicUsername: true,
  snsTopicArn: true,
  lastEventAt: true,
  batchesReceived: true,
  createdAt: true,
} as const;

/** 24 random bytes: the webhook's id is also the unguessable part of its URL. */
const newWebhookId = () => `esp_${randomBytes(24).toString("base64url")}`;

export async function listEspWebhooks(ctx: OrgContext) {
  return ctx.db.espWebhook.findMany({ where: { orgId: ctx.orgId }, select: listSelect, orderBy: { createdAt: "asc" } });
}

/** Creates the webhook; for Postmark and SparkPost the reply carries the Basic password, this once. */
export async function createEspWebhook(ctx: OrgContext, input: z.input<typeof ZCreateEspWebhook>) {
  const data = ZCreateEspWebhook.parse(input);
  const id = newWebhookId();
  const basic =
    data.provider === "postmark" || data.provider === "sparkpost"
      ? { username: "inboxwatch", password: randomBytes(18).toString("base64url") }
      : null;
  const secret =
    data.provider === "sendgrid" ? data.verificationKey : data.provider === "mailgun" ? data.signingKey : (basic?.password ?? null);
  const row = await ctx.db.$transaction(async (tx) => {
    const created = await tx.espWebhook.create({
      data: {
        id,
        orgId: ctx.orgId,
        provider: data.provider,
        label: data.label,
        credentialEnc: secret === null ? null : encryptSecret(secret, ctx.orgId),
        basicUsername: basic?.username ?? null,
        snsTopicArn: data.provider === "ses" ? data.snsTopicArn : null,
      },
      select: listSelect,
    });
    await recordAudit(inTx(ctx, tx), {
      action: "esp-webhook.create",
      targetType: "EspWebhook",
      targetId: id,
      metadata: { provider: data.provider },
    });
    return created;
  });
  return { webhook: row, basicPassword: basic?.password ?? null };
}

export async function removeEspWebhook(ctx: OrgContext, input: { id: string }) {
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.espWebhook.deleteMany({ where: { id: input.id, orgId: ctx.orgId } });
    if (count === 0) throw new NotFoundError("ESP webhook");
    await recordAudit(inTx(ctx, tx), { action: "esp-webhook.remove", targetType: "EspWebhook", targetId: input.id });
  });
  return { id: input.id };
}
