/**
 * POST /api/v1/webhooks/esp/{id}: one ESP webhook call. The webhook is found by its id (the URL names no
 * organization), the provider's signature is checked on the raw body, and only then is the body stored
 * as a log batch of the provider's format — the same intake, idempotency and processing as shipped logs
 * (a replayed body has the same batch id and is stored once). An SNS subscription confirmation is
 * confirmed by fetching its SubscribeURL through the egress guard.
 */
import { createHash } from "node:crypto";

import {
  verifyBasicAuth,
  verifyMailgun,
  verifySendgrid,
  verifySnsMessage,
  parseSnsMessage,
  type VerifyResult,
} from "@inboxwatch/deliverability/esp-webhooks";
import { createPinnedHttpsFetcher } from "@inboxwatch/deliverability/net";

import { forOrg, type SystemContext } from "../context.ts";
import { decryptSecret } from "../crypto/secret-box.ts";
import { NotFoundError, ServiceError, UnauthorizedError, ValidationError } from "../errors.ts";
import { platformDns } from "../net/platform-dns.ts";
import { acceptLogBatch } from "./accept-batch.ts";

export interface EspWebhookRequest {
  id: string;
  body: Buffer;
  header(name: string): string | null;
}

export interface EspWebhookDeps {
  /** GETs an https URL (the SNS certificate, the subscription confirmation); defaults to the pinned fetcher. */
  httpsGet?: (url: string) => Promise<string>;
  /** Which SigningCertURL / SubscribeURL are Amazon's; tests widen it to their loopback server. */
  snsUrlPattern?: RegExp;
  nowSeconds?: number;
}

export type EspWebhookReply = { status: 200 | 202; body: { stored: boolean; duplicate?: boolean; confirmed?: boolean } };

const SNS_SUBSCRIBE_URL = /^https:\/\/sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;

function defaultHttpsGet(): (url: string) => Promise<string> {
  const fetcher = createPinnedHttpsFetcher({ lookupAll: platformDns().lookupAll });
  return async (url) => {
    const r = await fetcher(url);
    if (!r.ok) throw new Error(r.message);
    if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
    return r.body;
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new ValidationError("The webhook body is not JSON");
  }
}

/** Signature failures are 401 with the reason; nothing is stored. */
function authenticated(result: VerifyResult): void {
  if (!result.ok) throw new UnauthorizedError(result.reason);
}

export async function receiveEspWebhook(ctx: SystemContext, req: EspWebhookRequest, deps: EspWebhookDeps = {}): Promise<EspWebhookReply> {
  const hook = await ctx.db.espWebhook.findUnique({ where: { id: req.id } });
  if (!hook) throw new NotFoundError("ESP webhook");
  const nowSeconds = deps.nowSeconds ?? Math.floor(Date.now() / 1000);
  const secret = () => {
    if (!hook.credentialEnc) throw new ServiceError("The webhook has no stored credential", "VALIDATION");
    return decryptSecret(hook.credentialEnc, hook.orgId);
  };
  const json = parseJson(req.body);

  switch (hook.provider) {
    case "sendgrid":
      authenticated(
        verifySendgrid({
          publicKey: secret(),
          signature: req.header("x-twilio-email-event-webhook-signature"),
          timestamp: req.header("x-twilio-email-event-webhook-timestamp"),
          body: req.body,
          nowSeconds,
        }),
      );
      break;
    case "mailgun": {
      const signature = json && typeof json === "object" && "signature" in json ? json.signature : null;
      authenticated(
        verifyMailgun({ signingKey: secret(), signature: signature && typeof signature === "object" ? signature : null, nowSeconds }),
      );
      break;
    }
    case "postmark":
    case "sparkpost":
      authenticated(
        verifyBasicAuth({ authorization: req.header("authorization"), username: hook.basicUsername ?? "", password: secret() }),
      );
      break;
    case "ses": {
      const message = parseSnsMessage(json);
      if (!message) throw new UnauthorizedError("The body is not a signed SNS message");
      const httpsGet = deps.httpsGet ?? defaultHttpsGet();
      authenticated(await verifySnsMessage(message, httpsGet, deps.snsUrlPattern));
      if (hook.snsTopicArn && message.TopicArn !== hook.snsTopicArn)
        throw new UnauthorizedError("The SNS topic is not the one this webhook accepts");
      if (message.Type === "SubscriptionConfirmation") {
        const url = message.SubscribeURL ?? "";
        if (!(deps.snsUrlPattern ?? SNS_SUBSCRIBE_URL).test(url)) throw new ValidationError("The SubscribeURL is not Amazon's");
        await httpsGet(url);
        return { status: 200, body: { stored: false, confirmed: true } };
      }
      if (message.Type !== "Notification") return { status: 200, body: { stored: false } };
      break;
    }
    default:
      throw new NotFoundError("ESP webhook");
  }

  // One line of compact JSON: the log parsers read JSON line by line, and providers may pretty-print.
  const text = Buffer.from(`${JSON.stringify(json)}\n`);
  const batchId = `esp-${createHash("sha256").update(req.body).digest("hex").slice(0, 48)}`;
  const orgCtx = forOrg({ ...ctx, actor: { type: "SYSTEM", label: `${hook.provider} webhook` } }, hook.orgId);
  const accepted = await acceptLogBatch(orgCtx, { source: `esp-${hook.provider}`, format: hook.provider, batchId, text });
  if (!accepted.duplicate) {
    await ctx.db.espWebhook.update({ where: { id: hook.id }, data: { lastEventAt: new Date(), batchesReceived: { increment: 1 } } });
  }
  return { status: accepted.duplicate ? 200 : 202, body: { stored: true, duplicate: accepted.duplicate } };
}
