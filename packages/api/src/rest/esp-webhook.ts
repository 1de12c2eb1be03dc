/**
 * POST /api/v1/webhooks/esp/{id}: where an organization's ESP posts its events. No API key and no
 * session: the provider's own signature is the authentication (services ingest/esp-webhook-receive.ts),
 * checked before anything is stored; errors take their status from the one table (errorResponse).
 */
import { systemContext } from "@inboxwatch/services";
import { receiveEspWebhook } from "@inboxwatch/services/ingest";

import { readIngestBody } from "./body.ts";
import { errorResponse } from "./error-response.ts";
import { type HttpDeps, type RouteHandler } from "./http-deps.ts";

/** ESP batches are small (SendGrid posts up to ~1,000 events, about 1 MiB). */
const ESP_WEBHOOK_MAX_BYTES = 2 * 1024 * 1024;

export function espWebhookRoute(deps: HttpDeps): RouteHandler<{ id: string }> {
  return async (req, route) => {
    try {
      const { id } = await route.params;
      const body = await readIngestBody(
        req.body,
        { contentLength: req.headers.get("content-length"), contentEncoding: req.headers.get("content-encoding") },
        { maxWireBytes: ESP_WEBHOOK_MAX_BYTES, maxInflatedBytes: 4 * ESP_WEBHOOK_MAX_BYTES },
      );
      const reply = await receiveEspWebhook(systemContext(deps.db(), "esp webhook"), {
        id,
        body: body.text,
        header: (name) => req.headers.get(name),
      });
      return Response.json(reply.body, { status: reply.status });
    } catch (err) {
      return errorResponse(err, "[esp-webhook]");
    }
  };
}
