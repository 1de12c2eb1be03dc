/** What the page says about each ESP: its name, and where in the ESP's settings the webhook goes. */
export const PROVIDERS = [
  {
    id: "sendgrid",
    label: "SendGrid",
    setup:
      "Settings → Mail Settings → Event Webhook: paste the URL, select the events, enable Signed Event Webhook and copy its verification key here.",
  },
  {
    id: "mailgun",
    label: "Mailgun",
    setup:
      "Sending → Webhooks: add the URL for delivered, failed, opened, clicked, unsubscribed and complained; copy the HTTP webhook signing key here.",
  },
  {
    id: "postmark",
    label: "Postmark",
    setup: "Servers → your server → Webhooks: add the URL with the Basic credentials shown after creation, and tick the events.",
  },
  {
    id: "ses",
    label: "Amazon SES (SNS)",
    setup:
      "Create an SNS topic, point your SES configuration set's event destination at it, then subscribe the URL (HTTPS). The subscription is confirmed automatically.",
  },
  {
    id: "sparkpost",
    label: "SparkPost",
    setup: "Configuration → Webhooks: add the URL, choose Basic Auth with the credentials shown after creation, and select the events.",
  },
] as const;

export type ProviderId = (typeof PROVIDERS)[number]["id"];

export function providerLabel(id: string): string {
  return PROVIDERS.find((p) => p.id === id)?.label ?? id;
}

export function webhookUrl(origin: string, id: string): string {
  return `${origin}/api/v1/webhooks/esp/${id}`;
}
